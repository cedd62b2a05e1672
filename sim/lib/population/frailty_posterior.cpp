//! \file frailty_posterior.cpp
//! The frailty posterior of a member file's members (frailty_posterior.h; docs/model.md,
//! "Members from a file").

#include "population/frailty_posterior.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <math.h>
#include <tbb/parallel_for.h>

#include "population/population_model.h"

namespace pmsim {

namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);
constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// The grid in u = log f every member's posterior is computed on: the prior's mass lies above
// f = 1e-12^(1/k) (P(F < f) ~ f^k) and below 1000 (the top widened by 2 for a posterior of a
// member with extreme claims). Members of one type (band, sex, conditions, months) share the
// likelihood's member-independent terms at each point, so those are computed once a type.
constexpr int kGridIntervals = 512;
// A coarse pass over the whole prior uses every kCoarseStride-th point; the fine pass covers
// +-kRefineSds of the SDs in u the coarse pass found, with about kPointsPerSd points a SD
// (a power-of-two stride, so that members share points).
constexpr int kCoarseStride = 8;
constexpr double kRefineSds = 8;
constexpr double kPointsPerSd = 4;
// A posterior narrower than the grid's step (SD in u below it: a member with hundreds of
// visits) is integrated on a grid of its own of this many points.
constexpr int kOwnGridPoints = 64;
// The most admissions a member-year's likelihood sums over (a mean of 30 a year is beyond
// any real member).
constexpr int kMostAdmissions = 64;
// Members a table serves before a new one is started: large types are split between threads.
constexpr std::size_t kMembersPerTable = 2048;

// The member's part of a category's expected count at f: base x f^e (base: the rate, its
// band, sex, conditions and months, 1 / E[F^e]); for readmissions and post-acute stays a
// probability per admission, min(1, base x f^e).
struct CategoryTerm {
  double base = 0;
  double exponent = 1;
  double fee = 0;
  double second = 0;  // E[(fee X)^2] of a unit: fee^2 (1 + cv^2)
};

double severity_cv2(const CategoryTable& t) {
  if (!t.severity) return 0;
  if (t.severity_distribution == SeverityDistribution::gamma) return t.gamma_scale;  // cv^2
  return std::expm1(t.log_sigma * t.log_sigma);
}

// The claims of one category or of the total, given f: P(no claims) as its log, the mean
// and the variance.
struct ClaimsMoments {
  double log_p0 = 0;
  double mean = 0;
  double variance = 0;
};

// A zero-inflated gamma log-density as the member-independent terms of
//   log p(y) = log_p0                                  for y = 0,
//            = log_norm + shape_m1 log y - rate y      for y > 0
// (log_norm -inf: claims the model cannot produce at this f).
struct GammaTerm {
  double log_p0 = 0;
  double log_norm = kMinusInfinity;
  double shape_m1 = 0;
  double rate = 0;
};

// The zero-inflated gamma with the given moments; `log_weight` is added to both branches (a
// mixture component's log probability).
GammaTerm gamma_term(const ClaimsMoments& c, double log_weight = 0) {
  GammaTerm t;
  t.log_p0 = c.log_p0 + log_weight;
  const double positive = -std::expm1(c.log_p0);
  if (c.mean <= 0 || positive <= 0) return t;
  const double m = c.mean / positive;
  double s2 = (c.variance + c.mean * c.mean) / positive - m * m;
  s2 = std::max(s2, 1e-6 * m * m);  // a count without severity: nearly a point mass
  const double shape = m * m / s2, scale = s2 / m;
  int sign = 0;  // lgamma_r: std::lgamma writes the global signgam, a race between threads
  t.log_norm = log_weight + std::log(positive) - shape * std::log(scale) - ::lgamma_r(shape, &sign);
  t.shape_m1 = shape - 1;
  t.rate = 1 / scale;
  return t;
}

// A count without severity: claims y are y / fee units, so the likelihood is Poisson's,
// exactly: n log l - l (the n-only term dropped, as it does not depend on f), written as a
// GammaTerm (shape_m1 0, rate -log(l) / fee).
GammaTerm poisson_term(double count_mean, double fee) {
  GammaTerm t;
  t.log_p0 = -count_mean;
  t.log_norm = -count_mean;
  t.rate = -std::log(count_mean) / fee;  // +inf for no count: claims then impossible
  return t;
}

double log_density(const GammaTerm& t, double y, double log_y) {
  return y <= 0 ? t.log_p0 : t.log_norm + t.shape_m1 * log_y - t.rate * y;
}

// What the likelihood knows of a member's type: its expected counts and fees by category.
class MemberType {
 public:
  MemberType(const PopulationModel& m, const ObservedMember& who) : by_category_(who.by_category) {
    const BandTable& band = m.bands[static_cast<std::size_t>(who.band)];
    const double person =
        band.utilization * (who.female ? m.female_utilization : 1.0) * (static_cast<double>(who.months) / 12.0);
    ConditionSet scratch;
    const ConditionSet& set = m.condition_set(who.conditions, scratch);
    // Last year's claims: the fees and rates of the year before the first simulated one.
    const double* fees = m.fees_of_year(-1) + static_cast<std::size_t>(who.segment) * kCategoryCount;
    const double* trend = m.utilization_trend_of_year(-1);
    for (int k = 0; k < kCategoryCount; ++k) {
      const CategoryTable& t = m.categories[static_cast<std::size_t>(k)];
      CategoryTerm& c = terms_[static_cast<std::size_t>(k)];
      const auto power = static_cast<std::size_t>(t.frailty_power);
      const bool per_admission = k == kReadmission || k == kPostAcute;
      c.base = t.rate * trend[k] * (per_admission ? 1.0 : person) * set.utilization[static_cast<std::size_t>(k)] *
               m.frailty_moment_inverse[power];
      c.exponent = m.frailty_exponents[power];
      c.fee = fees[k];
      c.second = c.fee * c.fee * (1 + severity_cv2(t));
    }
  }

  //! The likelihood's terms at f: by category, one a category (kCategoryCount); for the
  //! total, the components of a mixture over the number of admissions (log_sum_exp of their
  //! densities).
  void terms(double f, std::vector<GammaTerm>& out) const {
    out.clear();
    std::array<double, kCategoryCount> mean{};  // expected counts, readmission and post-acute as probabilities
    for (int k = 0; k < kCategoryCount; ++k) {
      const CategoryTerm& c = terms_[static_cast<std::size_t>(k)];
      const double value = c.base * power(f, c.exponent);
      mean[static_cast<std::size_t>(k)] = (k == kReadmission || k == kPostAcute) ? std::min(1.0, value) : value;
    }
    // Admissions A ~ Poisson(l); readmissions R | A ~ Bin(A, p); post-acute P | A, R ~ Bin(A + R, q).
    const double l = mean[kInpatient], p = mean[kReadmission], q = mean[kPostAcute];
    const CategoryTerm &a = terms_[kInpatient], &r = terms_[kReadmission], &s = terms_[kPostAcute];
    const double var_t = l * (1 + 3 * p);  // of A + R
    const double var_p = q * (1 - q) * l * (1 + p) + q * q * var_t;
    const double n_r = l * p, n_p = q * l * (1 + p);
    std::array<ClaimsMoments, kCategoryCount> by{};
    for (int k = 0; k < kCategoryCount; ++k) {
      if (k == kReadmission || k == kPostAcute) continue;
      const CategoryTerm& c = terms_[static_cast<std::size_t>(k)];
      const double n = mean[static_cast<std::size_t>(k)];
      by[static_cast<std::size_t>(k)] = {c.fee > 0 ? -n : 0.0, n * c.fee, n * c.second};
    }
    if (by_category_) {
      // Readmissions are Poisson(l p) (thinning); post-acute stays have no claims with
      // probability E[(1 - q)^(A + R)] = exp(-l (1 - (1 - q)(1 - p q))).
      by[kReadmission] = {r.fee > 0 ? -n_r : 0.0, n_r * r.fee, n_r * r.second};
      by[kPostAcute] = {s.fee > 0 ? -l * (1 - (1 - q) * (1 - p * q)) : 0.0, n_p * s.fee,
                        s.fee * s.fee * var_p + (s.second - s.fee * s.fee) * n_p};
      for (int k = 0; k < kCategoryCount; ++k) {
        const CategoryTerm& c = terms_[static_cast<std::size_t>(k)];
        // Counts without severity are Poisson (readmissions too, by thinning); a gamma in y
        // would take its information about f from the shape's dependence on f and misplace
        // the posterior of a member with many visits (tests/population/frailty_posterior_test.cpp).
        const bool poisson = c.fee > 0 && c.second == c.fee * c.fee && k != kPostAcute;
        const double count = k == kReadmission ? n_r : mean[static_cast<std::size_t>(k)];
        out.push_back(poisson ? poisson_term(count, c.fee) : gamma_term(by[static_cast<std::size_t>(k)]));
      }
      return;
    }
    // The total, as a mixture over the number of admissions a (Poisson(l)): a stay costs far
    // more than routine care, so the claims' distribution is many-humped and one gamma would
    // lose what a low total says (no stay). Given a, the routine categories (independent
    // compound Poissons) and the stays with their readmissions and post-acute stays are
    // added, each sum matched by a gamma (a zero-inflated one for a = 0).
    ClaimsMoments routine;
    for (int k = 0; k < kCategoryCount; ++k) {
      if (k == kInpatient || k == kReadmission || k == kPostAcute) continue;
      routine.log_p0 += by[static_cast<std::size_t>(k)].log_p0;
      routine.mean += by[static_cast<std::size_t>(k)].mean;
      routine.variance += by[static_cast<std::size_t>(k)].variance;
    }
    if (l <= 0 || (a.fee <= 0 && r.fee <= 0 && s.fee <= 0)) {
      routine.mean += l * a.fee + n_r * r.fee + n_p * s.fee;
      out.push_back(gamma_term(routine));
      return;
    }
    // The counts of non-negligible probability: l +- 8 SDs.
    const int most = std::min(kMostAdmissions, static_cast<int>(std::ceil(l + 8 * std::sqrt(l) + 4)));
    const int least = std::max(0, std::min(most, static_cast<int>(std::floor(l - 8 * std::sqrt(l) - 4))));
    const double log_l = std::log(l);
    int sign = 0;
    double log_pn = -l + least * log_l - ::lgamma_r(least + 1.0, &sign);  // log P(n admissions), n by n
    for (int n = least; n <= most; ++n) {
      if (n > least) log_pn += log_l - std::log(static_cast<double>(n));
      if (n == 0) {
        out.push_back(gamma_term(routine, log_pn));
        continue;
      }
      // Given n admissions: R ~ Bin(n, p), P | R ~ Bin(n + R, q).
      const double var_r_n = n * p * (1 - p);
      const double mean_r = n * p, mean_p = q * (n + mean_r);
      const double var_p_n = (n + mean_r) * q * (1 - q) + q * q * var_r_n;
      const double cov_rp_n = q * var_r_n;
      ClaimsMoments sum;
      sum.log_p0 = kMinusInfinity;  // a stay costs something
      sum.mean = routine.mean + n * a.fee + mean_r * r.fee + mean_p * s.fee;
      sum.variance = routine.variance + r.fee * r.fee * var_r_n + s.fee * s.fee * var_p_n +
                     2 * r.fee * s.fee * cov_rp_n + (a.second - a.fee * a.fee) * n +
                     (r.second - r.fee * r.fee) * mean_r + (s.second - s.fee * s.fee) * mean_p;
      out.push_back(gamma_term(sum, log_pn));
    }
  }

 private:
  static double power(double f, double e) {
    if (e == 1.0) return f;
    if (e == 0.0) return 1.0;
    return std::pow(f, e);
  }
  bool by_category_;
  std::array<CategoryTerm, kCategoryCount> terms_{};
};

// A member's claims as the likelihood reads them, logarithms taken once.
struct MemberClaims {
  explicit MemberClaims(const ObservedMember& member) : who(member) {
    const int n = who.by_category ? kCategoryCount : 1;
    for (int k = 0; k < n; ++k) log_y[static_cast<std::size_t>(k)] = who.claims[k] > 0 ? std::log(who.claims[k]) : 0;
  }
  // The log-likelihood of the claims given the terms at some f (MemberType::terms).
  double operator()(const std::vector<GammaTerm>& t) const {
    if (who.by_category) {
      double ll = 0;
      for (int k = 0; k < kCategoryCount; ++k)
        if (who.observed[k])
          ll += log_density(t[static_cast<std::size_t>(k)], who.claims[k], log_y[static_cast<std::size_t>(k)]);
      return ll;
    }
    if (t.size() == 1) return log_density(t[0], who.claims[0], log_y[0]);
    double terms[kMostAdmissions + 1];
    double top = kMinusInfinity;
    for (std::size_t n = 0; n < t.size(); ++n) {
      terms[n] = log_density(t[n], who.claims[0], log_y[0]);
      top = std::max(top, terms[n]);
    }
    if (top == kMinusInfinity) return top;
    double total = 0;
    for (std::size_t n = 0; n < t.size(); ++n)
      if (terms[n] - top > -746) total += std::exp(terms[n] - top);  // below: 0 in doubles
    return top + std::log(total);
  }
  const ObservedMember& who;
  std::array<double, kCategoryCount> log_y{};
};

// The posterior's mean and SD of log f, and its mean and variance of f, over some points.
struct GridMoments {
  double u_mean = 0, u_sd = 0, f_mean = 0, f_variance = 0;
};

// Accumulates points (u, f = e^u, log posterior weight) into GridMoments.
class MomentSum {
 public:
  explicit MomentSum(std::size_t capacity) { points_.reserve(capacity); }
  void add(double u, double f, double log_w) {
    points_.push_back({u, f, log_w});
    top_ = std::max(top_, log_w);
  }
  GridMoments moments() const {
    // Below this a weight exp(d) is 0 in doubles: skipping it changes nothing.
    constexpr double kUnderflow = -746;
    double w_sum = 0, u1 = 0, u2 = 0, f1 = 0, f2 = 0;
    for (const auto& [u, f, log_w] : points_) {
      if (log_w - top_ < kUnderflow) continue;
      const double w = std::exp(log_w - top_);
      w_sum += w;
      u1 += w * u;
      u2 += w * u * u;
      f1 += w * f;
      f2 += w * f * f;
    }
    GridMoments r;
    r.u_mean = u1 / w_sum;
    r.u_sd = std::sqrt(std::max(0.0, u2 / w_sum - r.u_mean * r.u_mean));
    r.f_mean = f1 / w_sum;
    r.f_variance = std::max(0.0, f2 / w_sum - r.f_mean * r.f_mean);
    return r;
  }

 private:
  struct Point {
    double u, f, log_w;
  };
  std::vector<Point> points_;
  double top_ = kMinusInfinity;
};

// The posteriors of members of one type: the grid's likelihood terms, computed when first
// needed and kept for the next member.
class TypeTable {
 public:
  TypeTable(const PopulationModel& model, const ObservedMember& type)
      : type_(model, type), shape_(model.frailty.shape()) {
    lo_ = std::max(-600.0, std::log(1e-12) / shape_);
    const double hi = std::log(1000.0) + 2.0;
    step_ = (hi - lo_) / kGridIntervals;
    points_.resize(kGridIntervals + 1);
    for (int g = 0; g <= kGridIntervals; ++g) f_.push_back(std::exp(u(g)));
  }

  FrailtyPosterior posterior(const ObservedMember& who) {
    const MemberClaims claims(who);
    MomentSum coarse(kGridIntervals / kCoarseStride + 1);
    for (int g = 0; g <= kGridIntervals; g += kCoarseStride) coarse.add(u(g), f(g), log_weight(g, claims));
    GridMoments fine = on_grid(coarse.moments(), claims);
    if (fine.u_sd < step_) fine = on_own_grid(fine, claims);
    FrailtyPosterior p;
    const double variance = std::max(fine.f_variance, 1e-12 * fine.f_mean * fine.f_mean);
    p.shape = fine.f_mean * fine.f_mean / variance;
    p.scale = variance / fine.f_mean;
    return p;
  }

 private:
  double u(int g) const { return lo_ + step_ * g; }
  double f(int g) const { return f_[static_cast<std::size_t>(g)]; }
  // The prior Gamma(k, 1/k) in u = log f (density f p(f) ~ exp(k u - k f)) plus the
  // log-likelihood, at grid point g.
  double log_weight(int g, const MemberClaims& claims) {
    std::vector<GammaTerm>& t = points_[static_cast<std::size_t>(g)];
    if (t.empty()) type_.terms(f(g), t);
    return shape_ * u(g) - shape_ * f(g) + claims(t);
  }
  // +-kRefineSds coarse SDs (at least two coarse steps: a coarse SD below a coarse step says
  // only that the posterior is narrow) around the coarse mean, on the grid's points of a
  // stride giving about kPointsPerSd points a SD.
  GridMoments on_grid(const GridMoments& c, const MemberClaims& claims) {
    int stride = 1;
    while (stride < kCoarseStride && 2 * stride * step_ * kPointsPerSd <= c.u_sd) stride *= 2;
    const double half = std::max(kRefineSds * c.u_sd, 2.0 * kCoarseStride * step_);
    const int first = std::max(0, static_cast<int>(std::floor((c.u_mean - half - lo_) / step_ / stride)) * stride);
    const int last = std::min(kGridIntervals, static_cast<int>(std::ceil((c.u_mean + half - lo_) / step_)));
    MomentSum fine(static_cast<std::size_t>((last - first) / stride + 1));
    for (int g = first; g <= last; g += stride) fine.add(u(g), f(g), log_weight(g, claims));
    return fine.moments();
  }
  // A posterior narrower than the grid's step: kOwnGridPoints points over +-kRefineSds of
  // the SD last found (at least half a step: an SD below the step is an upper bound) around
  // its mean, again over the SD found until kPointsPerSd points cover one (three times at most).
  GridMoments on_own_grid(GridMoments c, const MemberClaims& claims) {
    std::vector<GammaTerm> t;
    double sd = std::max(c.u_sd, step_ / 2);
    for (int pass = 0; pass < 3; ++pass) {
      const double from = c.u_mean - kRefineSds * sd, step = 2 * kRefineSds * sd / (kOwnGridPoints - 1);
      MomentSum sum(kOwnGridPoints);
      for (int i = 0; i < kOwnGridPoints; ++i) {
        const double ui = from + step * i, f = std::exp(ui);
        type_.terms(f, t);
        sum.add(ui, f, shape_ * ui - shape_ * f + claims(t));
      }
      c = sum.moments();
      if (c.u_sd * kPointsPerSd >= step || c.u_sd <= 0) break;
      sd = c.u_sd;
    }
    return c;
  }

  MemberType type_;
  double shape_;
  double lo_ = 0, step_ = 0;
  std::vector<double> f_;                       // e^u at each grid point
  std::vector<std::vector<GammaTerm>> points_;  // by grid point; empty: not computed yet
};

ObservedMember observed(const PopulationModel& model, const MemberPanel& panel, std::size_t i) {
  ObservedMember who;
  // Its band among its payer's population's (the payer column is required when payers have their own).
  const int payer = panel.payer.empty() ? -1 : panel.payer[i];
  who.band = model.band_of_age(panel.age[i], payer >= 0 && !model.payer_population.empty()
                                                 ? model.payer_population[static_cast<std::size_t>(payer)]
                                                 : 0);
  who.female = panel.female[i] != 0;
  who.conditions = panel.conditions[i];
  who.months = panel.months[i];
  // A member without a payer in the file is priced at the first payer's fees: the file must
  // name payers when their fees differ (read_members.cpp).
  who.segment = model.segments > 1 && payer >= 0 ? payer : 0;
  who.by_category = panel.by_category;
  who.claims = panel.claims.data() + (panel.by_category ? i * kCategoryCount : i);
  who.observed = panel.observed.data();
  return who;
}

// What makes two members' likelihood terms the same.
std::uint64_t type_key(const ObservedMember& who) {
  return (static_cast<std::uint64_t>(who.segment) << 56) | (static_cast<std::uint64_t>(who.conditions) << 24) |
         (static_cast<std::uint64_t>(who.band) << 8) | (static_cast<std::uint64_t>(who.months) << 1) |
         (who.female ? 1u : 0u);
}

}  // namespace

FrailtyPosterior frailty_posterior(const PopulationModel& model, const ObservedMember& member) {
  TypeTable table(model, member);
  return table.posterior(member);
}

std::vector<FrailtyPosterior> frailty_posteriors(const PopulationModel& model, const MemberPanel& panel) {
  // Members in order of type (ties in file order), in runs of one type of at most
  // kMembersPerTable, each run with a table of its own: a member's posterior depends on its
  // type and claims only, so neither the runs nor the threads change a result.
  std::vector<std::uint64_t> keys(panel.rows);
  for (std::size_t i = 0; i < panel.rows; ++i) keys[i] = type_key(observed(model, panel, i));
  std::vector<std::size_t> order(panel.rows);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // [begin, end) in `order`
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin + 1;
    while (end < order.size() && end - begin < kMembersPerTable && keys[order[end]] == keys[order[begin]]) ++end;
    runs.emplace_back(begin, end);
    begin = end;
  }
  std::vector<FrailtyPosterior> out(panel.rows);
  tbb::parallel_for(std::size_t{0}, runs.size(), [&](std::size_t r) {
    const auto [begin, end] = runs[r];
    TypeTable table(model, observed(model, panel, order[begin]));
    for (std::size_t j = begin; j < end; ++j) out[order[j]] = table.posterior(observed(model, panel, order[j]));
  });
  return out;
}

}  // namespace pmsim
