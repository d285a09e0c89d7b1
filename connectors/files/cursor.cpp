#include "files/cursor.h"

#include "model/json.h"

namespace dp::files {

Result<FileCursor> parse_cursor(const std::string& text) {
  FileCursor c;
  if (text.empty()) return c;
  auto doc = json::parse(text);
  if (!doc) return make_error("bad files cursor: " + doc.error().message);
  if (!doc->IsObject()) return make_error("bad files cursor: not an object");
  for (const auto& m : doc->GetObject()) {
    auto pos = tail::read_position(m.value);
    bool bad = !pos;
    FileMark f;
    if (pos) static_cast<tail::Position&>(f) = *pos;
    if (m.value.IsObject()) f.reported = json::get_bool(m.value, "reported", &bad).value_or(false);
    if (bad) return make_error("bad files cursor entry", m.name.GetString());
    c[m.name.GetString()] = f;
  }
  return c;
}

std::string format_cursor(const FileCursor& c) {
  json::Writer w;
  w.obj_begin();
  for (const auto& [name, f] : c) {
    w.key(name);
    w.obj_begin();
    tail::write_position(w, f);
    if (f.reported) w.field("reported", true);
    w.obj_end();
  }
  w.obj_end();
  return w.str();
}

}  // namespace dp::files
