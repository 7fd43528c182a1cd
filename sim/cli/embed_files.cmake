# Writes OUTPUT, a C++ file holding each of FILES (paths relative to ROOT) as a raw string literal, for
# shipped_files(). Run at build time, so the binary carries the shipped files as they are, not a copy kept by hand.
set(entries "")
foreach(file IN LISTS FILES)
  file(READ "${ROOT}/${file}" text)
  string(FIND "${text}" ")drsim_file\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw string delimiter )drsim_file\"")
  endif()
  string(APPEND entries "    {\"${file}\", R\"drsim_file(${text})drsim_file\"},\n")
endforeach()
file(WRITE "${OUTPUT}.new" "// Generated from the shipped scenarios by sim/cli/embed_files.cmake; do not edit.\n"
     "#include \"sim/cli/shipped_files.hpp\"\n\nnamespace drsim {\n\n"
     "std::span<const ShippedFile> shipped_files() {\n  static constexpr ShippedFile files[]{\n${entries}  };\n"
     "  return files;\n}\n\n} // namespace drsim\n")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
