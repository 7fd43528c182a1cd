# Writes what the drsim given (DRSIM) prints of itself into OUTPUT: its man page (drsim.1, and drsim.1.gz compressed
# by GZIP with -9n as Debian's policy asks: no name or time in the header, so the same page gives the same bytes) and
# its bash (drsim.bash) and zsh (_drsim) completions.
foreach(generated IN ITEMS "--man=drsim.1" "--bash-completion=drsim.bash" "--zsh-completion=_drsim")
  string(REPLACE "=" ";" generated "${generated}")
  list(GET generated 0 option)
  list(GET generated 1 file)
  execute_process(COMMAND ${DRSIM} ${option} OUTPUT_FILE ${OUTPUT}/${file} COMMAND_ERROR_IS_FATAL ANY)
endforeach()
execute_process(COMMAND ${GZIP} -9nc ${OUTPUT}/drsim.1 OUTPUT_FILE ${OUTPUT}/drsim.1.gz COMMAND_ERROR_IS_FATAL ANY)
