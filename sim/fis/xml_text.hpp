// Just enough XML for the answers of AWS's Query and REST-XML APIs (STS, CloudWatch, RDS, Auto Scaling, Route 53):
// the text of elements found by name, without a parser. AWS's answers have no attributes on the elements read here,
// no CDATA and no comments inside them; the five predefined entities and numeric character references are decoded.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drsim::fis {

// The text with &lt; &gt; &quot; &apos; &amp; and &#N; &#xN; (ASCII only) replaced by their characters.
std::string xml_unescaped(std::string_view text);

// The decoded text of the first <element>...</element> in xml[from, to) (to npos: the end), trimmed of surrounding
// whitespace; nullopt when there is none. An empty element (<element/>) has the empty text.
std::optional<std::string> xml_text(std::string_view xml, std::string_view element, std::size_t from = 0,
                                    std::size_t to = std::string_view::npos);

// The raw content (undecoded) of every <element>...</element> in order, each searched after the previous one's
// end: the members of a list (<member>, <ResourceRecordSet>). Nested elements of the same name are not supported;
// AWS's lists do not nest them.
std::vector<std::string_view> xml_elements(std::string_view xml, std::string_view element);

} // namespace drsim::fis
