//! \file read_correlations.cpp
//! The `correlations` list: rank correlations between values written as distributions, read
//! once every section is (the values are known then) and checked to make a valid copula.

#include <algorithm>
#include <set>
#include <utility>

#include "random/rank_correlation.h"
#include "scenario/scenario_sections.h"

namespace pmsim::scenario_parser {

namespace {

// Pairs of 64 values at most (a matrix beyond it would not be checked by anyone).
constexpr std::size_t kMaxCorrelations = 2016;
// A rank correlation of +-1 makes the matrix singular.
const Range kRankRange = Range::closed(-0.99, 0.99);

std::string uncertain_keys(const std::vector<UncertainParameter>& uncertain) {
  if (uncertain.empty()) return "none: the scenario writes no value as a distribution";
  std::string out;
  for (const UncertainParameter& p : uncertain) out += (out.empty() ? "" : ", ") + p.key;
  return out;
}

}  // namespace

void read_correlations(ParseContext& ctx, MapReader& root, const std::vector<UncertainParameter>& uncertain,
                       std::vector<CorrelationConfig>& out) {
  auto seq = root.sequence("correlations", 0, kMaxCorrelations);
  if (!seq) return;
  std::set<std::pair<std::string, std::string>> pairs;
  bool all_read = true;
  for (std::size_t i = 0; i < seq->node.size(); ++i) {
    MapReader m(ctx.diag, yaml::item(*seq, i));
    CorrelationConfig c;
    if (auto keys = m.sequence("keys", 2, 2, Need::required)) {
      for (std::size_t k = 0; k < 2; ++k) {
        const yaml::Value v = yaml::item(*keys, k);
        const bool known = v.node.IsScalar() && std::any_of(uncertain.begin(), uncertain.end(),
                                                            [&](const auto& p) { return p.key == v.node.Scalar(); });
        if (!known) {
          ctx.diag.error(v.mark, v.path,
                         "expected the key path of a value written as a distribution (accepted: " +
                             uncertain_keys(uncertain) + ")");
          all_read = false;
          continue;
        }
        c.keys.push_back(v.node.Scalar());
      }
      if (c.keys.size() == 2) {
        auto pair = std::minmax(c.keys[0], c.keys[1]);
        if (c.keys[0] == c.keys[1]) {
          ctx.diag.error(keys->mark, keys->path, "a value is not correlated with itself: give two different keys");
          all_read = false;
        } else if (!pairs.insert({pair.first, pair.second}).second) {
          ctx.diag.error(keys->mark, keys->path, "this pair is correlated twice");
          all_read = false;
        }
      }
    } else {
      all_read = false;
    }
    if (!m.plain_number("rank", c.rank, kRankRange, "(a correlation is not itself uncertain)", Need::required))
      all_read = false;
    m.finish();
    out.push_back(std::move(c));
  }
  if (!all_read) return;
  std::string problem;
  rank_copula(out, uncertain, problem);
  if (!problem.empty()) ctx.diag.error(seq->mark, seq->path, problem);
}

}  // namespace pmsim::scenario_parser
