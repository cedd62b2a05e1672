//! \file yaml_key_reader.cpp
//! The reader interface over the YAML reader, and the checks of contract terms against the
//! rest of the scenario (the quality section, the engine's limits on what it tallies).

#include "scenario/yaml_key_reader.h"

#include <cctype>
#include <limits>

#include "config/limits.h"

namespace pmsim::scenario_parser {

namespace {

const std::vector<std::string>& category_names() {
  static const std::vector<std::string> names(kCategoryNames.begin(), kCategoryNames.end());
  return names;
}

//! Records `amount`, given at `at`; reports it if it is a distinct amount beyond the
//! kMaxTruncations the engine tallies.
void note_member_amount(ParseContext& ctx, MemberAmount amount, const Value& at) {
  for (const MemberAmount& a : ctx.member_amounts) {
    if (a == amount) return;
  }
  ctx.member_amounts.push_back(amount);
  if (ctx.member_amounts.size() <= static_cast<std::size_t>(kMaxTruncations)) return;
  std::vector<std::string> first;
  for (int i = 0; i < kMaxTruncations; ++i) {
    first.push_back(ctx.member_amounts[static_cast<std::size_t>(i)].text());
  }
  ctx.diag.error(at.mark, at.path,
                 "at most " + std::to_string(kMaxTruncations) +
                     " distinct per-member truncation or stop-loss amounts per scenario; " + amount.text() +
                     " would be distinct amount number " + std::to_string(ctx.member_amounts.size()) + " (the first " +
                     std::to_string(kMaxTruncations) + ": " + yaml::join(first) + ")");
}

//! Records the episode of contract `contract` given at `at`; reports it if it is a distinct
//! episode beyond the kMaxEpisodeTypes the engine tallies.
void note_episode(ParseContext& ctx, const EpisodeDefinition& e, const std::string& contract, const Value& at) {
  for (const auto& [episode, name] : ctx.episodes) {
    if (episode == e) return;
  }
  ctx.episodes.emplace_back(e, contract);
  if (ctx.episodes.size() <= static_cast<std::size_t>(kMaxEpisodeTypes)) return;
  std::vector<std::string> first;
  for (int i = 0; i < kMaxEpisodeTypes; ++i) {
    first.push_back(ctx.episodes[static_cast<std::size_t>(i)].second);
  }
  ctx.diag.error(at.mark, at.path,
                 "at most " + std::to_string(kMaxEpisodeTypes) +
                     " distinct episodes per scenario (bundled_payment contracts whose episodes are "
                     "the same, defaults filled in, share one); this would be distinct episode "
                     "number " +
                     std::to_string(ctx.episodes.size()) + " (the first " + std::to_string(kMaxEpisodeTypes) +
                     " are those of the contracts " + yaml::join(first) + ")");
}

}  // namespace

// ---- YamlKeyReader ------------------------------------------------------------------------

ValueShape YamlKeyReader::shape(std::string_view key) const {
  const auto v = reader_.peek(key);
  if (!v) return ValueShape::missing;
  if (v->node.IsMap()) return ValueShape::map;
  if (v->node.IsSequence()) return ValueShape::sequence;
  if (v->node.IsScalar()) return ValueShape::scalar;
  return ValueShape::empty;
}

std::string YamlKeyReader::text(std::string_view key) const {
  const auto v = reader_.peek(key);
  return v && v->node.IsScalar() ? v->node.Scalar() : std::string();
}

std::string YamlKeyReader::describe(std::string_view key) const {
  const auto v = reader_.peek(key);
  return v ? yaml::describe_node(v->node) : std::string("an empty value");
}

bool YamlKeyReader::number(std::string_view key, double& out, const ValueRange& range, Need need) {
  return reader_.number(key, out, range, need);
}

bool YamlKeyReader::plain_number(std::string_view key, double& out, const ValueRange& range, std::string_view why,
                                 Need need) {
  return reader_.plain_number(key, out, range, why, need);
}

bool YamlKeyReader::integer(std::string_view key, int& out, int lo, int hi, Need need) {
  return reader_.integer(key, out, lo, hi, need);
}

bool YamlKeyReader::boolean(std::string_view key, bool& out, Need need) { return reader_.boolean(key, out, need); }

bool YamlKeyReader::string(std::string_view key, std::string& out, Need need, const StringCheck& check) {
  return reader_.string(key, out, need, check);
}

bool YamlKeyReader::choice(std::string_view key, int& out, const std::vector<std::string>& accepted, Need need) {
  return reader_.choice(key, out, accepted, need);
}

void YamlKeyReader::number_or_word(std::string_view key, const std::string& word, double& rate, bool& is_word) {
  auto v = reader_.get(key);
  if (!v) return;
  Diagnostics& diag = ctx_.diag;
  const Range unit = Range::closed(0, 1);
  const std::string accepted = word + ", or a number " + unit.describe();
  if (v->node.IsMap()) {  // a distribution or a schedule
    yaml::read_number(diag, *v, unit, rate);
    return;
  }
  if (!v->node.IsScalar()) {
    diag.error(v->mark, v->path,
               "expected '" + word + "' or a number " + unit.describe() + ", got " + yaml::describe_node(v->node));
    return;
  }
  const std::string& text = v->node.Scalar();
  if (text == word) {
    is_word = true;
    return;
  }
  const char first = text.empty() ? ' ' : text[0];
  if (std::isdigit(static_cast<unsigned char>(first)) || first == '.' || first == '-' || first == '+') {
    yaml::read_number(diag, *v, unit, rate);
    return;
  }
  std::string msg = "unknown value '" + text + "'";
  if (auto s = yaml::suggest(text, {word})) msg += "; did you mean '" + *s + "'?";
  msg += " (accepted: " + accepted + ")";
  diag.error(v->mark, v->path, msg);
}

bool YamlKeyReader::categories(std::string_view key, CategoryFlags& out, CategoriesDefault empty) {
  Diagnostics& diag = ctx_.diag;
  const bool none_allowed = empty == CategoriesDefault::none;
  auto v = reader_.get(key);
  if (!v) {
    out.fill(!none_allowed);
    return true;
  }
  if (v->node.IsScalar() && v->node.Scalar() == "all") {
    out.fill(true);
    return true;
  }
  if (!v->node.IsSequence()) {
    diag.error(v->mark, v->path, "expected 'all' or a sequence of category names, got " + yaml::describe_node(v->node));
    return false;
  }
  if (!yaml::check_sequence(diag, *v, none_allowed ? 0 : 1, std::numeric_limits<std::size_t>::max())) {
    return false;
  }
  bool ok = true;
  out.fill(false);
  for (std::size_t i = 0; i < v->node.size(); ++i) {
    const Value it = yaml::item(*v, i);
    int k = 0;
    if (!yaml::read_choice(diag, it, category_names(), k)) {
      ok = false;
      continue;
    }
    auto& flag = out[static_cast<std::size_t>(k)];
    if (flag) {
      diag.error(it.mark, it.path, "duplicate category '" + category_names()[static_cast<std::size_t>(k)] + "'");
      ok = false;
    }
    flag = true;
  }
  return ok;
}

std::unique_ptr<KeyReader> YamlKeyReader::map(std::string_view key, Need need) {
  return std::make_unique<YamlKeyReader>(ctx_, reader_.map(key, need));
}

std::unique_ptr<KeyList> YamlKeyReader::list(std::string_view key, std::size_t min_items, std::size_t max_items,
                                             Need need) {
  auto v = reader_.sequence(key, min_items, max_items, need);
  if (!v) return nullptr;
  return std::make_unique<YamlKeyList>(ctx_, std::move(*v));
}

void YamlKeyReader::explain_unknown(std::string_view key, std::string note) {
  reader_.explain_unknown(key, std::move(note));
}

Value YamlKeyReader::value_at(std::string_view key) {
  auto v = reader_.get(key);
  return v ? *v : reader_.value();
}

void YamlKeyReader::error_at(std::string_view key, std::string_view message) {
  const Value at = value_at(key);
  ctx_.diag.error(at.mark, at.path, message);
}

void YamlKeyReader::error(std::string_view message) { ctx_.diag.error(reader_.value().mark, reader_.path(), message); }

bool YamlKeyReader::condition_name(std::string_view key, std::string& out) {
  return read_condition_name(ctx_, reader_, key, out);
}

bool YamlKeyReader::admission_type_name(std::string_view key, std::string& out) {
  return read_listed_name(ctx_, reader_, key, out, ctx_.admission_type_names, "admission type", "admission_types");
}

void YamlKeyReader::require_simulated(QualityOutcome outcome, std::string_view key, const std::string& what) {
  const std::optional<bool>* on = nullptr;
  std::string_view need;
  switch (outcome) {
    case QualityOutcome::screening:
      on = &ctx_.screening;
      need = "quality.screening_per_visit > 0";
      break;
    case QualityOutcome::control:
      on = &ctx_.control;
      need = "quality.controlled_condition";
      break;
    case QualityOutcome::avoidable_admissions:
      on = &ctx_.avoidable;
      need = "quality.avoidable_share > 0";
      break;
  }
  if (on == nullptr || !on->has_value() || **on) return;
  error_at(key, what + " needs " + std::string(need));
}

void YamlKeyReader::count_member_amount(std::string_view key, double amount, bool percentile) {
  note_member_amount(ctx_, MemberAmount{percentile, amount}, value_at(key));
}

void YamlKeyReader::count_episode(std::string_view key, const EpisodeDefinition& episode) {
  note_episode(ctx_, episode, ctx_.contract_name, value_at(key));
}

// ---- YamlKeyList --------------------------------------------------------------------------

std::unique_ptr<KeyReader> YamlKeyList::map_item(std::size_t index) {
  return std::make_unique<YamlKeyReader>(ctx_, MapReader(ctx_.diag, yaml::item(sequence_, index)));
}

bool YamlKeyList::number_item(std::size_t index, double& out, const ValueRange& range) {
  return yaml::read_number(ctx_.diag, yaml::item(sequence_, index), range, out);
}

bool YamlKeyList::plain_number_item(std::size_t index, double& out, const ValueRange& range, std::string_view why) {
  return yaml::read_plain_number(ctx_.diag, yaml::item(sequence_, index), range, out, why);
}

bool YamlKeyList::string_item(std::size_t index, std::string& out) {
  return yaml::read_string(ctx_.diag, yaml::item(sequence_, index), out);
}

void YamlKeyList::error(std::string_view message) { ctx_.diag.error(sequence_.mark, sequence_.path, message); }

void YamlKeyList::error_at(std::size_t index, std::string_view message) {
  const Value at = yaml::item(sequence_, index);
  ctx_.diag.error(at.mark, at.path, message);
}

}  // namespace pmsim::scenario_parser
