// A strict, minimal XML reader for the render tests: checks well-formedness (one root, balanced
// and properly nested tags, quoted attributes, no duplicate attribute, only the five predefined
// entities and numeric references, no raw '<' or '&' in text) and returns every element with its
// attributes and direct text, so tests can check geometry. Independent of the writer under test.
#ifndef CMX_TESTS_RENDER_XML_CHECK_HPP
#define CMX_TESTS_RENDER_XML_CHECK_HPP

#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cmx::test {

struct xml_element {
  std::string tag;
  std::map<std::string, std::string> attrs;
  std::string text;  // direct character data, entities decoded
  std::size_t depth = 0;
  std::size_t parent = static_cast<std::size_t>(-1);

  [[nodiscard]] bool has_class(std::string_view name) const {
    const auto it = attrs.find("class");
    if (it == attrs.end()) {
      return false;
    }
    std::string_view list = it->second;
    while (!list.empty()) {
      const std::size_t space = list.find(' ');
      if (list.substr(0, space) == name) {
        return true;
      }
      if (space == std::string_view::npos) {
        break;
      }
      list.remove_prefix(space + 1);
    }
    return false;
  }
  [[nodiscard]] double number(const std::string& name) const {
    const auto it = attrs.find(name);
    if (it == attrs.end()) {
      throw std::runtime_error("no attribute " + name + " on <" + tag + ">");
    }
    return std::strtod(it->second.c_str(), nullptr);
  }
};

namespace detail_xml {

inline bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == ':' || c == '.';
}

inline std::string decode(std::string_view raw, std::size_t at) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '<') {
      throw std::runtime_error("raw '<' in text or attribute near offset " + std::to_string(at));
    }
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    const std::size_t end = raw.find(';', i);
    if (end == std::string_view::npos) {
      throw std::runtime_error("unterminated entity near offset " + std::to_string(at + i));
    }
    const std::string_view ent = raw.substr(i + 1, end - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (ent.size() > 1 && ent[0] == '#') {
      out += '?';  // numeric reference: accepted, not decoded
    } else {
      throw std::runtime_error("unknown entity &" + std::string(ent) + ";");
    }
    i = end;
  }
  return out;
}

}  // namespace detail_xml

// Every element in document order; throws std::runtime_error with the offset on malformed input.
inline std::vector<xml_element> parse_xml(std::string_view doc) {
  using detail_xml::name_char;
  std::vector<xml_element> out;
  std::vector<std::size_t> open;
  std::size_t i = 0;
  bool root_closed = false;
  const auto fail = [&](const std::string& what) {
    throw std::runtime_error(what + " at offset " + std::to_string(i));
  };
  while (i < doc.size()) {
    if (doc[i] != '<') {
      const std::size_t next = doc.find('<', i);
      const std::string_view raw = doc.substr(i, next - i);
      if (open.empty()) {
        if (raw.find_first_not_of(" \t\r\n") != std::string_view::npos) {
          fail("text outside the root");
        }
      } else {
        out[open.back()].text += detail_xml::decode(raw, i);
      }
      i = next == std::string_view::npos ? doc.size() : next;
      continue;
    }
    if (doc.substr(i, 4) == "<!--") {
      const std::size_t end = doc.find("-->", i);
      if (end == std::string_view::npos) {
        fail("unterminated comment");
      }
      i = end + 3;
      continue;
    }
    if (doc.substr(i, 2) == "<?") {
      const std::size_t end = doc.find("?>", i);
      if (end == std::string_view::npos || !out.empty()) {
        fail("bad processing instruction");
      }
      i = end + 2;
      continue;
    }
    if (doc.substr(i, 2) == "</") {
      std::size_t j = i + 2;
      while (j < doc.size() && name_char(doc[j])) {
        ++j;
      }
      const std::string name(doc.substr(i + 2, j - i - 2));
      while (j < doc.size() && doc[j] == ' ') {
        ++j;
      }
      if (j >= doc.size() || doc[j] != '>') {
        fail("bad end tag");
      }
      if (open.empty() || out[open.back()].tag != name) {
        fail("end tag </" + name + "> does not match");
      }
      open.pop_back();
      root_closed = open.empty();
      i = j + 1;
      continue;
    }
    if (root_closed) {
      fail("a second root element");
    }
    std::size_t j = i + 1;
    while (j < doc.size() && name_char(doc[j])) {
      ++j;
    }
    xml_element e;
    e.tag = std::string(doc.substr(i + 1, j - i - 1));
    if (e.tag.empty()) {
      fail("empty tag name");
    }
    e.depth = open.size();
    e.parent = open.empty() ? static_cast<std::size_t>(-1) : open.back();
    bool self_closing = false;
    for (;;) {
      while (j < doc.size() && (doc[j] == ' ' || doc[j] == '\n' || doc[j] == '\t')) {
        ++j;
      }
      if (j >= doc.size()) {
        fail("unterminated start tag");
      }
      if (doc[j] == '>') {
        ++j;
        break;
      }
      if (doc.substr(j, 2) == "/>") {
        self_closing = true;
        j += 2;
        break;
      }
      const std::size_t name_start = j;
      while (j < doc.size() && name_char(doc[j])) {
        ++j;
      }
      const std::string name(doc.substr(name_start, j - name_start));
      if (name.empty() || j >= doc.size() || doc[j] != '=' || j + 1 >= doc.size() ||
          (doc[j + 1] != '"' && doc[j + 1] != '\'')) {
        i = j;
        fail("bad attribute in <" + e.tag + ">");
      }
      const char quote = doc[j + 1];
      const std::size_t end = doc.find(quote, j + 2);
      if (end == std::string_view::npos) {
        fail("unterminated attribute value");
      }
      if (!e.attrs.emplace(name, detail_xml::decode(doc.substr(j + 2, end - j - 2), j)).second) {
        fail("duplicate attribute " + name);
      }
      j = end + 1;
    }
    out.push_back(std::move(e));
    if (!self_closing) {
      open.push_back(out.size() - 1);
    } else {
      root_closed = open.empty();
    }
    i = j;
  }
  if (!open.empty()) {
    throw std::runtime_error("unclosed <" + out[open.back()].tag + ">");
  }
  if (out.empty()) {
    throw std::runtime_error("no root element");
  }
  return out;
}

}  // namespace cmx::test

#endif  // CMX_TESTS_RENDER_XML_CHECK_HPP
