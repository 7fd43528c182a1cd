#include "sim/fis/xml_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace drsim::fis {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

// Where the content of the first <element> (or <element/>) at or after `from` begins, and where the whole element
// ends past its closing tag; npos when there is none.
struct Found {
  std::size_t content = std::string_view::npos;
  std::size_t content_end = 0;
  std::size_t end = 0;
};

Found find_element(std::string_view xml, std::string_view element, std::size_t from) {
  // Appended rather than "<" + std::string(element): GCC 12 warns falsely (-Wrestrict) about that temporary.
  std::string open = "<";
  open += element;
  for (auto at = xml.find(open, from); at != std::string_view::npos; at = xml.find(open, at + 1)) {
    const auto after = at + open.size();
    if (after >= xml.size())
      break;
    // "<Status>" but not "<StatusReport>"; a namespace or other attribute may follow the name.
    if (xml[after] == '/' && xml.substr(after, 2) == "/>")
      return {after + 2, after + 2, after + 2};
    if (xml[after] != '>' && !std::isspace(static_cast<unsigned char>(xml[after])))
      continue;
    const auto open_end = xml.find('>', after);
    if (open_end == std::string_view::npos)
      break;
    if (xml[open_end - 1] == '/')
      return {open_end + 1, open_end + 1, open_end + 1};
    std::string close = "</";
    close.append(element).append(">");
    const auto closing = xml.find(close, open_end + 1);
    if (closing == std::string_view::npos)
      break;
    return {open_end + 1, closing, closing + close.size()};
  }
  return {};
}

} // namespace

std::string xml_unescaped(std::string_view text) {
  static const std::pair<std::string_view, char> entities[]{
      {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&amp;", '&'}};
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] != '&') {
      decoded += text[at++];
      continue;
    }
    bool replaced = false;
    for (const auto& [entity, character] : entities)
      if (text.substr(at, entity.size()) == entity) {
        decoded += character;
        at += entity.size();
        replaced = true;
        break;
      }
    if (!replaced && text.substr(at, 2) == "&#") {
      const auto end = text.find(';', at);
      const bool hex = at + 2 < text.size() && (text[at + 2] == 'x' || text[at + 2] == 'X');
      const auto digits = text.substr(at + (hex ? 3 : 2), end == std::string_view::npos ? 0 : end - at - (hex ? 3 : 2));
      unsigned code = 0;
      const auto [last, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
      if (end != std::string_view::npos && !digits.empty() && error == std::errc() &&
          last == digits.data() + digits.size() && code > 0 && code < 128) {
        decoded += static_cast<char>(code);
        at = end + 1;
        replaced = true;
      }
    }
    if (!replaced)
      decoded += text[at++];
  }
  return decoded;
}

std::optional<std::string> xml_text(std::string_view xml, std::string_view element, std::size_t from, std::size_t to) {
  const auto within = xml.substr(0, std::min(to, xml.size()));
  const auto found = find_element(within, element, from);
  if (found.content == std::string_view::npos)
    return std::nullopt;
  return xml_unescaped(trimmed(within.substr(found.content, found.content_end - found.content)));
}

std::vector<std::string_view> xml_elements(std::string_view xml, std::string_view element) {
  std::vector<std::string_view> contents;
  for (auto found = find_element(xml, element, 0); found.content != std::string_view::npos;
       found = find_element(xml, element, found.end))
    contents.push_back(xml.substr(found.content, found.content_end - found.content));
  return contents;
}

} // namespace drsim::fis
