//! \file contract_fragments.cpp
//! Presets and included files merged into contracts, at the level of YAML nodes: the contract
//! readers then see one map, whatever its keys came from.

#include "scenario/contract_fragments.h"

#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scenario/program_presets.h"
#include "scenario/scenario_numbers.h"
#include "scenario/scenario_text.h"
#include "util/words.h"

namespace pmsim::scenario_parser {

namespace {

using yaml::Diagnostics;

//! The value of the first entry `key` of a map (a key given twice is reported by the reader).
std::optional<YAML::Node> value_of(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return std::nullopt;
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->second;
  return std::nullopt;
}

//! "12:5": the line and column of a mark, 1-based.
std::string position(const YAML::Mark& mark) {
  return std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

//! Whether a map of the contract and one of the fragment at the same key merge key by key.
bool merges(const YAML::Node& mine, const YAML::Node& theirs) {
  if (!mine.IsMap() || !theirs.IsMap() || is_number_map(mine) || is_number_map(theirs)) return false;
  const auto a = value_of(mine, "method");
  const auto b = value_of(theirs, "method");
  return !a || !b || (a->IsScalar() && b->IsScalar() && a->Scalar() == b->Scalar());
}

//! The note of a borrowed value ("from preset 'x'"), by its node.
using NoteOf = std::function<std::string(const YAML::Node&)>;

//! Adds to `mine` each entry of `theirs` it lacks, borrowed at `at`; merges the maps both have.
void merge_map(Diagnostics& diag, YAML::Node mine, const YAML::Node& theirs, const YAML::Mark& at,
               const NoteOf& note_of) {
  for (auto it = theirs.begin(); it != theirs.end(); ++it) {
    const std::optional<YAML::Node> given =
        it->first.IsScalar() ? value_of(mine, it->first.Scalar()) : std::optional<YAML::Node>();
    if (!given) {
      mine.force_insert(it->first, it->second);
      diag.borrow(it->second, at, note_of(it->second));
    } else if (merges(*given, it->second)) {
      merge_map(diag, *given, it->second, at, note_of);
    }
  }
}

//! Why `mine` (a map of contract keys) cannot take `theirs` (a fragment, "preset 'x'" by
//! `what`): a `type` other than the fragment's; nullopt when it can.
std::optional<std::string> type_conflict(const YAML::Node& mine, const YAML::Node& theirs, const std::string& what) {
  const auto a = value_of(mine, "type");
  const auto b = value_of(theirs, "type");
  if (!a || !b || (a->IsScalar() && b->IsScalar() && a->Scalar() == b->Scalar())) return std::nullopt;
  return yaml::describe_node(*a) + " differs from the type of " + what + " (" + yaml::describe_node(*b) +
         "): leave type out, the " + (what.starts_with("preset") ? "preset" : "file") + " sets it";
}

//! A fragment: its map, and the note of each value it gives.
struct Fragment {
  YAML::Node map;
  NoteOf note_of;
  std::string what;  //!< "preset 'x'", or "the included file F"
};

//! A text that was checked as the scenario is (size, syntax, no anchors), as a map.
std::optional<YAML::Node> load_map(std::string_view text, const std::string& file, Diagnostics& diag,
                                   const yaml::Value& at, const std::string& what) {
  Diagnostics own(file);
  const std::optional<YAML::Node> doc =
      yaml::load_document(text, own, "empty document; expected a map of contract keys");
  if (doc && !doc->IsMap())
    own.error(doc->Mark(), "", "expected a map of contract keys, got " + yaml::describe_node(*doc));
  if (own.empty()) return doc;
  diag.error(at.mark, at.path, what + " has problems (below)");
  for (const std::string& m : own.messages()) diag.message(m);
  return std::nullopt;
}

std::optional<Fragment> load_preset(Diagnostics& diag, const yaml::Value& v) {
  std::string name;
  if (!yaml::read_string(diag, v, name)) return std::nullopt;
  const ProgramPreset* preset = find_program_preset(name);
  if (preset == nullptr) {
    const auto close = suggest(name, program_preset_names());
    diag.error(v.mark, v.path,
               "no preset '" + name + "'" + (close ? "; did you mean '" + *close + "'?" : "") +
                   " (presets: " + join(program_preset_names()) + "; `pmsim presets` lists them with their terms)");
    return std::nullopt;
  }
  const std::string what = "preset '" + name + "'";
  auto map = load_map(preset->text, "preset " + name, diag, v, what);
  if (!map) return std::nullopt;
  return Fragment{*map, [what](const YAML::Node&) { return "from " + what; }, what};
}

//! The bytes of the regular file `path` (a FIFO could block the open for ever), at most
//! `limit` + 1 of them; nullopt with `error` set when it cannot be read.
std::optional<std::string> read_regular_file(const std::filesystem::path& path, std::size_t limit, std::string& error) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec) {
    error = ec.message();
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = "not a regular file";
    return std::nullopt;
  }
  std::string text;
  if (const int e = read_file_prefix(path.string(), limit, text); e != 0) {
    error = std::strerror(e);
    return std::nullopt;
  }
  return text;
}

std::optional<Fragment> load_include(Diagnostics& diag, const yaml::Value& v, std::size_t& budget) {
  std::string name;
  if (!yaml::read_string(diag, v, name)) return std::nullopt;
  if (name.empty()) {
    diag.error(v.mark, v.path, "must name a YAML file (relative to the scenario file), got an empty string");
    return std::nullopt;
  }
  const std::filesystem::path path = std::filesystem::path(diag.file_name()).parent_path() / name;
  const std::string shown = path.lexically_normal().string();
  std::string error;
  const std::optional<std::string> text = read_regular_file(path, budget, error);
  if (!text) {
    diag.error(v.mark, v.path, "cannot read " + shown + ": " + error);
    return std::nullopt;
  }
  if (text->size() > budget) {
    diag.error(v.mark, v.path,
               "the included files would hold more than " + std::to_string(kMaxIncludedBytes) +
                   " bytes together (as much as one scenario file may hold)");
    return std::nullopt;
  }
  budget -= text->size();
  const std::string what = "the included file " + shown;
  auto map = load_map(*text, shown, diag, v, what);
  if (!map) return std::nullopt;
  if (auto nested = value_of(*map, "include")) {
    diag.error(
        v.mark, v.path,
        shown + ":" + position(nested->Mark()) + ": an included file may not include another (it may name a preset)");
    return std::nullopt;
  }
  // The file's own preset, merged into it first; its values keep the preset's name.
  auto from_preset = std::make_shared<std::vector<std::pair<YAML::Node, std::string>>>();
  if (auto preset = value_of(*map, "preset")) {
    Diagnostics own(shown);
    const std::optional<Fragment> inner = load_preset(own, yaml::Value{*preset, "preset", preset->Mark()});
    if (!inner) {
      diag.error(v.mark, v.path, what + " has problems (below)");
      for (const std::string& m : own.messages()) diag.message(m);
      return std::nullopt;
    }
    if (const auto conflict = type_conflict(*map, inner->map, inner->what)) {
      diag.error(v.mark, v.path, shown + ":" + position(value_of(*map, "type")->Mark()) + ": type " + *conflict);
      return std::nullopt;
    }
    const std::string note = "from " + inner->what + ", which " + shown + ":" + position(preset->Mark()) + " names";
    Diagnostics recorder(shown);
    merge_map(recorder, *map, inner->map, preset->Mark(), [&](const YAML::Node& n) {
      from_preset->emplace_back(n, note);
      return note;
    });
  }
  NoteOf note_of = [from_preset, shown](const YAML::Node& n) {
    for (const auto& [node, note] : *from_preset)
      if (node.is(n)) return note;
    return "from " + shown + ":" + position(n.Mark());
  };
  return Fragment{*map, std::move(note_of), what};
}

void merge_into_contract(Diagnostics& diag, const yaml::Value& contract, std::size_t& budget) {
  const std::optional<YAML::Node> preset = value_of(contract.node, "preset");
  const std::optional<YAML::Node> include = value_of(contract.node, "include");
  if (!preset && !include) return;
  const auto value_at = [&](const YAML::Node& n, std::string_view key) {
    return yaml::Value{n, yaml::child_path(contract.path, key), n.Mark()};
  };
  if (preset && include) {
    diag.error(include->Mark(), yaml::child_path(contract.path, "include"),
               "give preset or include, not both (an included file may name a preset)");
    return;
  }
  const yaml::Value at = preset ? value_at(*preset, "preset") : value_at(*include, "include");
  const std::optional<Fragment> fragment = preset ? load_preset(diag, at) : load_include(diag, at, budget);
  if (!fragment) return;
  if (const auto conflict = type_conflict(contract.node, fragment->map, fragment->what)) {
    diag.error(value_of(contract.node, "type")->Mark(), yaml::child_path(contract.path, "type"), *conflict);
    return;
  }
  YAML::Node terms(YAML::NodeType::Map);  // the fragment without its own preset (merged already)
  for (auto it = fragment->map.begin(); it != fragment->map.end(); ++it)
    if (!(it->first.IsScalar() && it->first.Scalar() == "preset")) terms.force_insert(it->first, it->second);
  merge_map(diag, contract.node, terms, at.mark, fragment->note_of);
}

}  // namespace

void merge_contract_fragments(const YAML::Node& root, Diagnostics& diag) {
  const std::optional<YAML::Node> contracts = value_of(root, "contracts");
  if (!contracts || !contracts->IsSequence()) return;
  std::size_t budget = kMaxIncludedBytes;
  const yaml::Value seq{*contracts, "contracts", contracts->Mark()};
  for (std::size_t i = 0; i < contracts->size(); ++i) {
    const yaml::Value contract = yaml::item(seq, i);
    if (contract.node.IsMap()) merge_into_contract(diag, contract, budget);
  }
}

}  // namespace pmsim::scenario_parser
