#include "contracts/bundled_payment.h"

#include <algorithm>
#include <cmath>

namespace pmsim {

EpisodeTarget episode_target(const BundleTerms& terms, std::span<const EpisodeTally> baseline, int year) {
  EpisodeTarget t;
  const double trend_to_year = std::pow(1.0 + terms.trend, year + 1);
  if (terms.target_method == TargetMethod::fixed) {
    t.price = terms.target_price * trend_to_year;
    t.defined = true;
    return t;
  }
  // Weighted mean over the baseline years that had episodes (weights renormalised over
  // them), each year's mean trended to the base year, the last baseline year.
  const auto years = static_cast<int>(baseline.size());
  double weights = 0, price = 0, risk = 0;
  for (int j = 0; j < years; ++j) {
    const EpisodeTally& b = baseline[j];
    if (b.episodes <= 0) continue;
    const double w = terms.baseline_weights.empty() ? 1.0 : terms.baseline_weights[j];
    weights += w;
    price += w * b.capped_spending / b.episodes * std::pow(1.0 + terms.trend, years - 1 - j);
    risk += w * b.risk / b.episodes;
  }
  if (!(weights > 0)) return t;
  t.price = price / weights * trend_to_year * (1.0 - terms.discount);
  t.reference_risk = risk / weights;
  t.defined = t.reference_risk > 0;
  return t;
}

BundleSettlement reconcile_episodes(const BundleTerms& terms, const EpisodeTarget& target, const EpisodeTally& year) {
  BundleSettlement s;
  if (!target.defined || year.episodes <= 0) return s;
  s.target = terms.risk_adjusted ? target.price * year.risk / target.reference_risk : target.price * year.episodes;
  const double raw = s.target - year.capped_spending;
  s.reconciliation = std::clamp(raw, -terms.stop_loss * s.target, terms.stop_gain * s.target);
  s.cap_binding = s.reconciliation != raw;
  return s;
}

}  // namespace pmsim
