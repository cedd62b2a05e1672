//! \file yaml_front_end.cpp
//! A YAML text is checked in two passes before it is loaded: its bytes (yaml_text_check.cpp),
//! then yaml-cpp's parse events, which stop the parse as soon as a limit is passed (so that
//! yaml-cpp's recursion stays 64 levels deep). Only a text that passed both is loaded, and only
//! its first document: yaml-cpp 0.7's LoadAll loops for ever on a stray ','.

#include "scenario/yaml_front_end.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/eventhandler.h>

#include "scenario/yaml_text_check.h"

namespace pmsim::yaml {

namespace {

YAML::Mark mark_at(int line, int column) {
  if (line < 0) return YAML::Mark::null_mark();
  YAML::Mark mark;
  mark.line = line;
  mark.column = column;
  return mark;
}

//! Thrown out of the parse to end it at a problem.
struct Stop {
  YAML::Mark mark;
  std::string message;
};

//! Thrown at the first node of a second document.
struct SecondDocument {
  YAML::Mark start;
  bool consumed_nothing = false;  //!< an empty document at the start: a token yaml-cpp cannot read
};

// Checks the events of the parse; problems that leave the parse going (tags, anchors) are
// recorded, up to a few, and the others stop it.
class CheckingHandler : public YAML::EventHandler {
 public:
  CheckingHandler(std::string_view text, Diagnostics& diag) : text_(text), diag_(diag) {}

  //! From now on, the first node ends the parse with SecondDocument.
  void expect_no_document() { probing_ = true; }

  void OnDocumentStart(const YAML::Mark& mark) override { document_start_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { node(mark, anchor, "", true); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    node(mark, 0, "", false);
    const std::string name = anchor >= 1 && anchor <= anchor_names_.size() ? anchor_names_[anchor - 1] : "";
    report(mark, "an alias (*" + name + "): anchors and aliases are not accepted; write the value out");
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string&) override {
    node(mark, anchor, tag, false);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    enter(mark, anchor, tag);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    enter(mark, anchor, tag);
  }
  void OnMapEnd() override { --depth_; }
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
    anchor_names_.push_back(name);  // yaml-cpp numbers anchors 1, 2, ... in this order
    report(mark, "an anchor (&" + name + "): anchors and aliases are not accepted; write the value out");
  }

 private:
  // A node begins at `mark` (at its tag or anchor, if it has one).
  void node(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& tag, bool null) {
    if (probing_) {
      const bool at_start = null && mark.pos == document_start_.pos && !text_.substr(mark.pos).starts_with("---");
      throw SecondDocument{document_start_, at_start};
    }
    if (++nodes_ > kMaxNodes)
      throw Stop{mark, "more than " + std::to_string(kMaxNodes) + " values (maps, sequences and scalars)"};
    // yaml-cpp gives "?" for a plain node and "!" for a quoted scalar, the tag otherwise.
    const bool tagged = anchor == 0 && (char_at(mark) == '!' || (tag != "" && tag != "?" && tag != "!"));
    if (tagged) report(mark, "a YAML tag (" + word_at(mark) + "): tags are not accepted; write the value without it");
  }
  void enter(const YAML::Mark& mark, YAML::anchor_t anchor, const std::string& tag) {
    node(mark, anchor, tag, false);
    if (++depth_ > kMaxDepth)
      throw Stop{mark, "maps and sequences nested more than " + std::to_string(kMaxDepth) + " levels deep"};
  }
  char char_at(const YAML::Mark& mark) const {
    return mark.pos >= 0 && static_cast<std::size_t>(mark.pos) < text_.size() ? text_[mark.pos] : '\0';
  }
  std::string word_at(const YAML::Mark& mark) const {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return "";
    const std::string_view rest = text_.substr(mark.pos);
    return std::string(rest.substr(0, std::min(rest.find_first_of(" \t\r\n,[]{}"), std::size_t{40})));
  }
  void report(const YAML::Mark& mark, const std::string& message) {
    constexpr int kMaxReported = 10;  // enough to show the pattern; a file of tags stops here
    if (++reported_ > kMaxReported) throw Stop{mark, "too many errors; stopped reading"};
    diag_.error(mark, "", message);
  }

  std::string_view text_;
  Diagnostics& diag_;
  YAML::Mark document_start_;
  bool probing_ = false;
  std::size_t nodes_ = 0;
  int depth_ = 0;
  int reported_ = 0;
  std::vector<std::string> anchor_names_;
};

// Parses the checked text event by event; true when it is one document within the limits.
bool check_structure(const std::string& text, Diagnostics& diag, std::string_view no_document) {
  const std::size_t errors_before = diag.count();
  std::istringstream in(text);
  YAML::Parser parser(in);
  CheckingHandler handler(text, diag);
  try {
    if (!parser.HandleNextDocument(handler)) {
      diag.error(YAML::Mark::null_mark(), "", no_document);
      return false;
    }
    handler.expect_no_document();
    parser.HandleNextDocument(handler);  // a second document throws at its first node
  } catch (const SecondDocument& second) {
    if (second.consumed_nothing) {
      diag.error(second.start, "", std::string("YAML syntax error: unexpected '") + text[second.start.pos] + "'");
    } else {
      diag.error(second.start, "", "a second YAML document starts here; a scenario file holds one document");
    }
  } catch (const Stop& stop) {
    diag.error(stop.mark, "", stop.message);
  } catch (const YAML::Exception& e) {
    diag.error(e.mark, "", "YAML syntax error: " + e.msg);
  }
  return diag.count() == errors_before;
}

}  // namespace

std::optional<YAML::Node> load_document(std::string_view text, Diagnostics& diag, std::string_view no_document) {
  CheckedText checked = check_text(text, kMaxTextBytes);
  if (checked.problem) {
    diag.error(mark_at(checked.problem->line, checked.problem->column), "", checked.problem->message);
    return std::nullopt;
  }
  if (!check_structure(checked.text, diag, no_document)) return std::nullopt;
  try {
    return YAML::Load(checked.text);  // the first document only, as checked
  } catch (const YAML::Exception& e) {
    diag.error(e.mark, "", "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace pmsim::yaml
