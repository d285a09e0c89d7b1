// The report as a sequence of blocks (headings, sentences, tables, charts), built once
// from the model and rendered twice: as HTML for the helpdesk and as text for mail.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dp::report {

enum class Tone { normal, muted, good, bad, met, close, missed };

struct Cell {
  Cell(std::string text = {}, Tone tone = Tone::normal, std::string note = {},
       std::string title = {}, int footnote = 0, bool numeric = true)
      : text(std::move(text)),
        tone(tone),
        note(std::move(note)),
        title(std::move(title)),
        footnote(footnote),
        numeric(numeric) {}

  std::string text;
  Tone tone;
  std::string note;   // small print after the text: "n=3, too few to rank"
  std::string title;  // what the figure is (hover in HTML)
  int footnote;       // 1-based index into Document::footnotes, 0 = none
  bool numeric;       // right-aligned
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

struct Block {
  enum class Kind { heading, paragraph, bullets, table, image, note };
  Kind kind = Kind::paragraph;
  std::string text;                // heading, paragraph, note; image: the filename
  std::vector<std::string> items;  // bullets
  Table table;
  std::string alt;  // image
};

struct Document {
  std::string team;  // for attachment names
  std::string period;
  std::string title;
  std::string subtitle;
  std::vector<Block> blocks;
  std::vector<std::string> footnotes;  // definitions, numbered from 1
};

}  // namespace dp::report
