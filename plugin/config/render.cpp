// docs/configuration.md reference and the example config, both from the key tables.
#include <sstream>

#include "config/config.h"
#include "config/sections.h"
#include "config/suggest.h"

namespace dp::config {
namespace {

std::string type_text(const Section& s, const KeySpec& k) {
  auto ch = s.choices.find(k.name);
  std::string t = type_name(k.type);
  if (ch != s.choices.end())
    t = (k.type == KeyType::list ? "list of " : "one of ") + join(ch->second, ", ");
  if (k.type == KeyType::secret) t = "secret: ${ENV} or {secret_file: PATH}";
  return t;
}

std::string cell(std::string text) {
  for (auto pos = text.find('|'); pos != std::string::npos; pos = text.find('|', pos + 2))
    text.replace(pos, 1, "\\|");
  return text;
}

void markdown_table(std::ostringstream& out, const Section& s) {
  if (s.keys.empty()) return;
  out << "| key | type | default | required | description |\n|---|---|---|---|---|\n";
  for (const auto& k : s.keys)
    out << "| `" << k.name << "` | " << type_text(s, k) << " | "
        << (k.default_value.empty() ? "" : "`" + k.default_value + "`") << " | "
        << (k.required ? "yes" : "") << " | " << cell(k.doc) << " |\n";
  out << "\n";
}

std::string heading(const std::string& path) {
  return path.empty() ? "top level" : path;
}

std::string quoted(const std::string& v) {
  if (!v.empty() && v.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos &&
      v.front() != ' ' && v.back() != ' ')
    return v;
  std::string q = "\"";
  for (char c : v) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return q + "\"";
}

std::string upper_name(std::string s) {
  for (char& c : s) c = std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';
  return s;
}

class ExampleWriter {
 public:
  explicit ExampleWriter(const std::vector<ConnectorSpec>& specs) : specs_(specs) {
    for (const auto& s : specs)
      if (s.sink && sink_.empty()) sink_ = s.type;
  }

  std::string write() {
    out_ << "# deskpulse configuration: every key with its default or an example value.\n"
            "# Reference: docs/configuration.md. Check with: deskpulse check-config FILE\n\n";
    section(*find_section(""), 0, "");
    return out_.str();
  }

 private:
  void line(int indent, const std::string& text) {
    out_ << std::string(indent, ' ') << text << "\n";
  }

  // Comments wrapped at the house column limit so the file reads well in an editor.
  void comment(int indent, const std::string& text) {
    const std::size_t width = kWidth > indent + 20 ? kWidth - indent - 2 : 20;
    std::istringstream words(text);
    std::string row;
    for (std::string w; words >> w;) {
      if (!row.empty() && row.size() + 1 + w.size() > width) {
        line(indent, "# " + row);
        row.clear();
      }
      row += (row.empty() ? "" : " ") + w;
    }
    if (!row.empty()) line(indent, "# " + row);
  }
  static constexpr int kWidth = 88;

  std::string value(const Section& s, const KeySpec& k, const std::string& owner) {
    if ((s.path == "writeback" || s.path == "report") && k.name == "sink") return quoted(sink_);
    if (auto e = s.examples.find(k.name); e != s.examples.end()) return e->second;
    if (k.type == KeyType::list) {
      std::vector<std::string> items;
      std::istringstream in(k.default_value);
      for (std::string item; std::getline(in, item, ',');) items.push_back(quoted(item));
      return "[" + join(items, ", ") + "]";
    }
    if (!k.default_value.empty()) return quoted(k.default_value);
    switch (k.type) {
      case KeyType::secret:
        return "${" + upper_name(owner + "_" + k.name) + "}";
      case KeyType::url:
        return "https://" + owner + ".example.com";
      case KeyType::path:
        return "/path/to/" + k.name;
      case KeyType::integer:
      case KeyType::number:
      case KeyType::duration:
        return "0";
      case KeyType::boolean:
        return "false";
      default:
        return "\"\"";
    }
  }

  void keys(const Section& s, int indent, const std::string& owner) {
    for (const auto& k : s.keys) {
      std::string note = type_text(s, k) + (k.required ? ", required" : "");
      comment(indent, k.doc + " (" + note + ")");
      if (!is_placeholder(k.name)) {
        // An optional key with nothing to show stays unset: the line is there to uncomment.
        bool unset =
            !k.required && k.default_value.empty() && !s.examples.count(k.name) && k.name != "sink";
        line(indent, (unset ? "# " : "") + k.name + ": " + value(s, k, owner));
        continue;
      }
      for (const auto& [name, v] : s.examples) {
        bool declared = false;
        for (const auto& d : s.keys) declared = declared || d.name == name;
        if (!declared) line(indent, name + ": " + v);
      }
    }
  }

  void section(const Section& s, int indent, const std::string& owner) {
    keys(s, indent, owner);
    for (const auto& child : child_sections(s.path)) {
      const std::string path = s.path.empty() ? child : s.path + "." + child;
      const Section& c = *find_section(path);
      line(0, "");
      comment(indent, c.doc);
      line(indent, child + ":");
      auto grand = child_sections(path);
      if (grand.size() == 1 && is_placeholder(grand[0]))
        entries(*find_section(path + "." + grand[0]), indent + 2);
      else
        section(c, indent + 2, owner);
    }
  }

  void entries(const Section& named, int indent) {
    if (named.path != "connectors.<name>") {
      line(indent, named.example_name + ":");
      section(named, indent + 2, named.example_name);
      return;
    }
    for (const auto& spec : specs_) {
      comment(indent, spec.doc);
      line(indent, spec.type + ":");
      keys(connector_section(&spec), indent + 2, spec.type);
    }
  }

  const std::vector<ConnectorSpec>& specs_;
  std::string sink_;
  std::ostringstream out_;
};

}  // namespace

std::string render_reference_markdown(const std::vector<ConnectorSpec>& specs) {
  std::ostringstream out;
  for (const auto& s : core_sections()) {
    out << "### `" << heading(s.path) << "`\n\n" << s.doc << "\n\n";
    markdown_table(out, s);
    if (s.path != "connectors.<name>") continue;
    for (const auto& spec : specs) {
      std::string role = spec.source && spec.sink ? "source and sink"
                         : spec.sink              ? "sink"
                                                  : "source";
      out << "#### `type: " << spec.type << "` (" << role << ")\n\n" << spec.doc << "\n\n";
      Section keys{"", "", spec.keys, {}, {}, ""};
      if (keys.keys.empty()) out << "No keys besides the common ones.\n\n";
      markdown_table(out, keys);
    }
  }
  return out.str();
}

std::string render_example_yaml(const std::vector<ConnectorSpec>& specs) {
  return ExampleWriter(specs).write();
}

}  // namespace dp::config
