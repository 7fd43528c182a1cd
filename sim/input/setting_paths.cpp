#include "sim/input/setting_paths.hpp"

#include <charconv>
#include <optional>

#include "sim/input/messages.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// What names an element of a list: a string is its own name, a component has a "name", and a DNS record's endpoint
// is named by its target (other lists' "target" says what a fault or objective is about, which is no name).
std::optional<std::string> element_name(const json& element, const std::string& list_key) {
  if (element.is_string())
    return element.get<std::string>();
  if (!element.is_object())
    return std::nullopt;
  const char* key = list_key == "endpoints" ? "target" : "name";
  if (const auto found = element.find(key); found != element.end() && found->is_string())
    return found->get<std::string>();
  return std::nullopt;
}

std::optional<std::size_t> index_of(const std::string& segment, std::size_t size) {
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
  if (error != std::errc() || end != segment.data() + segment.size() || index >= size)
    return std::nullopt;
  return index;
}

std::string first_label(const std::string& name) { return name.substr(0, name.find('.')); }

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  for (std::size_t start = 0;;) {
    const auto end = path.find('.', start);
    segments.push_back(path.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos)
      return segments;
    start = end + 1;
  }
}

// Joins segments first .. last with dots: a name or key with dots in it spans several segments.
std::string joined(const std::vector<std::string>& segments, std::size_t first, std::size_t last) {
  std::string text = segments[first];
  for (std::size_t i = first + 1; i <= last; ++i)
    text += "." + segments[i];
  return text;
}

class PathWalk {
public:
  PathWalk(json& document, const Setting& setting, std::vector<std::string> segments)
      : node_(&document), setting_(setting), segments_(std::move(segments)) {}

  // The pointer where the value was set, or the problem that kept it from being set (at pointer()).
  std::optional<std::string> apply(std::string& problem) {
    while (next_ < segments_.size()) {
      if (node_->is_object())
        enter_key();
      else if (node_->is_array()) {
        if (!enter_element(problem))
          return std::nullopt;
      } else if (node_->is_null())
        *node_ = json::object();
      else {
        problem = "--set " + setting_.text + ": " + describe_value(*node_) + " is here, with no " +
                  in_quotes(segments_[next_]) + " in it";
        return std::nullopt;
      }
    }
    *node_ = setting_.value;
    return pointer_;
  }

  const std::string& pointer() const { return pointer_; }

private:
  json* node_;
  const Setting& setting_;
  std::vector<std::string> segments_;
  std::size_t next_ = 0;
  std::string pointer_;
  std::string key_; //!< the last key or index descended into: a list's own key while at the list

  void descend(json& child, const std::string& token, std::size_t segments_used) {
    key_ = token;
    node_ = &child;
    pointer_.push_back('/');
    pointer_ += escape_pointer_token(token);
    next_ += segments_used;
  }

  // The longest run of segments that is a key of the object; a missing key is added (the reader judges it).
  void enter_key() {
    for (std::size_t last = segments_.size(); last-- > next_;) {
      const auto key = joined(segments_, next_, last);
      if (node_->contains(key)) {
        descend((*node_)[key], key, last - next_ + 1);
        return;
      }
    }
    const auto key = segments_[next_];
    descend((*node_)[key], key, 1);
  }

  bool enter_element(std::string& problem) {
    auto& list = *node_;
    std::vector<std::string> names;
    for (const auto& element : list)
      if (const auto name = element_name(element, key_))
        names.push_back(*name);
    for (std::size_t last = segments_.size(); last-- > next_;) {
      const auto wanted = joined(segments_, next_, last);
      for (std::size_t i = 0; i < list.size(); ++i)
        if (element_name(list[i], key_) == wanted) {
          descend(list[i], std::to_string(i), last - next_ + 1);
          return true;
        }
    }
    const auto& segment = segments_[next_];
    if (const auto index = index_of(segment, list.size())) {
      descend(list[*index], segment, 1);
      return true;
    }
    std::optional<std::size_t> labelled;
    int sharing = 0;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (const auto name = element_name(list[i], key_);
          name && name->find('.') != std::string::npos && first_label(*name) == segment) {
        labelled = i;
        ++sharing;
      }
    if (sharing == 1) {
      descend(list[*labelled], std::to_string(*labelled), 1);
      return true;
    }
    const std::string setting = "--set " + setting_.text + ": ";
    const bool an_index = segment.find_first_not_of("0123456789") == std::string::npos;
    if (an_index && sharing == 0)
      problem = setting + "index " + segment + " is beyond this list's " +
                count_of(list.size(), "element", "elements") +
                (list.empty() ? "" : " (0 to " + std::to_string(list.size() - 1) + ")");
    else if (sharing > 1)
      problem = setting + in_quotes(segment) + " is the first label of " + std::to_string(sharing) +
                " names in this list; write the whole name";
    else if (names.empty())
      problem = setting + "this list has " + count_of(list.size(), "element", "elements") + " and " +
                in_quotes(segment) + " is not the index of one";
    else
      problem = setting + "nothing in this list is named " + in_quotes(segment) + suggestion(segment, names) +
                " (an element is named by its name, an endpoint by its target, or by its index)";
    return false;
  }
};

} // namespace

std::vector<AppliedSetting> apply_settings(json& document, const std::string& file, std::span<const Setting> settings,
                                           const std::string& prefix, std::vector<Diagnostic>& problems,
                                           const std::string& except) {
  std::vector<AppliedSetting> applied;
  for (const auto& setting : settings) {
    if (setting.path.rfind(prefix, 0) != 0 || (!except.empty() && setting.path.rfind(except, 0) == 0))
      continue;
    PathWalk walk(document, setting, split_path(setting.path.substr(prefix.size())));
    std::string problem;
    if (const auto pointer = walk.apply(problem))
      applied.push_back({*pointer, setting.text});
    else
      problems.push_back({file, walk.pointer(), problem});
  }
  return applied;
}

void attribute_problems(std::vector<Diagnostic>& problems, const std::string& file,
                        std::span<const AppliedSetting> applied) {
  for (auto& problem : problems) {
    if (problem.file != file)
      continue;
    for (auto setting = applied.rbegin(); setting != applied.rend(); ++setting) {
      const auto& pointer = setting->pointer;
      const bool under = problem.pointer.rfind(pointer, 0) == 0 &&
                         (problem.pointer.size() == pointer.size() || problem.pointer[pointer.size()] == '/');
      if (under) {
        problem.message += " (set by --set " + setting->text + ")";
        break;
      }
    }
  }
}

} // namespace drsim
