//! \file frailty_posterior.cpp
//! The frailty posterior of a member file's members (frailty_posterior.h; docs/model.md,
//! "Members from a file").

#include "population/frailty_posterior.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <math.h>
#include <tbb/parallel_for.h>

#include "population/population_model.h"

namespace pmsim {

namespace {

constexpr int kInpatient = static_cast<int>(Category::inpatient);
constexpr int kReadmission = static_cast<int>(Category::readmission);
constexpr int kPostAcute = static_cast<int>(Category::post_acute);
constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// Points of each pass over log f: a coarse pass over the whole prior, then a fine one over
// the posterior's mass that the coarse pass found (+-8 of its SDs in log f).
constexpr int kGridPoints = 64;
constexpr double kRefineSds = 8;
// The most admissions a member-year's likelihood sums over (a mean of 30 a year is beyond
// any real member).
constexpr int kMostAdmissions = 64;

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

// log of the zero-inflated gamma density of y with the given moments.
double zero_inflated_gamma(double y, const ClaimsMoments& c) {
  if (y <= 0) return c.log_p0;
  if (c.mean <= 0) return kMinusInfinity;  // claims the model cannot produce at this f
  const double positive = -std::expm1(c.log_p0);
  if (positive <= 0) return kMinusInfinity;
  const double m = c.mean / positive;
  double s2 = (c.variance + c.mean * c.mean) / positive - m * m;
  s2 = std::max(s2, 1e-6 * m * m);  // a count without severity: nearly a point mass
  const double shape = m * m / s2, scale = s2 / m;
  int sign = 0;  // lgamma_r: std::lgamma writes the global signgam, a race between threads
  return std::log(positive) + (shape - 1) * std::log(y) - y / scale - shape * std::log(scale) -
         ::lgamma_r(shape, &sign);
}

class Likelihood {
 public:
  Likelihood(const PopulationModel& m, const ObservedMember& who) : who_(who) {
    const BandTable& band = m.bands[static_cast<std::size_t>(who.band)];
    const double person =
        band.utilization * (who.female ? m.female_utilization : 1.0) * (static_cast<double>(who.months) / 12.0);
    ConditionSet scratch;
    const ConditionSet& set = m.condition_set(who.conditions, scratch);
    for (int k = 0; k < kCategoryCount; ++k) {
      const CategoryTable& t = m.categories[static_cast<std::size_t>(k)];
      CategoryTerm& c = terms_[static_cast<std::size_t>(k)];
      const auto power = static_cast<std::size_t>(t.frailty_power);
      const bool per_admission = k == kReadmission || k == kPostAcute;
      c.base = t.rate * (per_admission ? 1.0 : person) * set.utilization[static_cast<std::size_t>(k)] *
               m.frailty_moment_inverse[power];
      c.exponent = m.frailty_exponents[power];
      c.fee = t.fee;
      c.second = t.fee * t.fee * (1 + severity_cv2(t));
    }
  }

  double operator()(double f) const {
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
    // Readmissions are Poisson(l p) (thinning); post-acute stays have no claims with
    // probability E[(1 - q)^(A + R)] = exp(-l (1 - (1 - q)(1 - p q))).
    by[kReadmission] = {r.fee > 0 ? -n_r : 0.0, n_r * r.fee, n_r * r.second};
    by[kPostAcute] = {s.fee > 0 ? -l * (1 - (1 - q) * (1 - p * q)) : 0.0, n_p * s.fee,
                      s.fee * s.fee * var_p + (s.second - s.fee * s.fee) * n_p};
    if (who_.by_category) {
      double ll = 0;
      for (int k = 0; k < kCategoryCount; ++k)
        if (who_.observed[k]) ll += zero_inflated_gamma(who_.claims[k], by[static_cast<std::size_t>(k)]);
      return ll;
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
    const double y = who_.claims[0];
    if (l <= 0 || (a.fee <= 0 && r.fee <= 0 && s.fee <= 0)) {
      routine.mean += l * a.fee + n_r * r.fee + n_p * s.fee;
      return zero_inflated_gamma(y, routine);
    }
    // The counts of non-negligible probability: l +- 8 SDs.
    const int most = std::min(kMostAdmissions, static_cast<int>(std::ceil(l + 8 * std::sqrt(l) + 4)));
    const int least = std::max(0, std::min(most, static_cast<int>(std::floor(l - 8 * std::sqrt(l) - 4))));
    double terms[kMostAdmissions + 1];
    double top = kMinusInfinity;
    const double log_l = std::log(l);
    int sign = 0;
    double log_pn = -l + least * log_l - ::lgamma_r(least + 1.0, &sign);  // log P(n admissions), n by n
    for (int n = least; n <= most; ++n) {
      if (n > least) log_pn += log_l - std::log(static_cast<double>(n));
      double log_claims = 0;
      if (n == 0) {
        log_claims = zero_inflated_gamma(y, routine);
      } else {
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
        log_claims = zero_inflated_gamma(y, sum);
      }
      terms[n] = log_pn + log_claims;
      top = std::max(top, terms[n]);
    }
    if (top == kMinusInfinity) return top;
    double total = 0;
    for (int n = least; n <= most; ++n) total += std::exp(terms[n] - top);
    return top + std::log(total);
  }

 private:
  static double power(double f, double e) {
    if (e == 1.0) return f;
    if (e == 0.0) return 1.0;
    return std::pow(f, e);
  }
  const ObservedMember& who_;
  std::array<CategoryTerm, kCategoryCount> terms_{};
};

// The posterior's mean and SD of log f, and its mean and variance of f, over one grid.
struct GridMoments {
  double u_mean = 0, u_sd = 0, f_mean = 0, f_variance = 0;
};

GridMoments integrate(const Likelihood& likelihood, double shape, double u_lo, double u_hi) {
  std::array<double, kGridPoints> log_w{}, u{};
  double top = kMinusInfinity;
  const double step = (u_hi - u_lo) / (kGridPoints - 1);
  for (int g = 0; g < kGridPoints; ++g) {
    u[g] = u_lo + step * g;
    const double f = std::exp(u[g]);
    // Prior Gamma(k, 1/k) in u = log f: density f p(f) ~ exp(k u - k f).
    log_w[g] = shape * u[g] - shape * f + likelihood(f);
    top = std::max(top, log_w[g]);
  }
  double w_sum = 0, u1 = 0, u2 = 0, f1 = 0, f2 = 0;
  for (int g = 0; g < kGridPoints; ++g) {
    const double w = std::exp(log_w[g] - top);
    const double f = std::exp(u[g]);
    w_sum += w;
    u1 += w * u[g];
    u2 += w * u[g] * u[g];
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

}  // namespace

FrailtyPosterior frailty_posterior(const PopulationModel& model, const ObservedMember& member) {
  const double k = model.frailty.shape();
  const Likelihood likelihood(model, member);
  // The prior's mass lies above f = 1e-12^(1/k) (P(F < f) ~ f^k) and below 1000.
  const double u_lo = std::max(-600.0, std::log(1e-12) / k), u_hi = std::log(1000.0);
  const GridMoments coarse = integrate(likelihood, k, u_lo, u_hi);
  const double width = std::max(kRefineSds * coarse.u_sd, 2 * (u_hi - u_lo) / (kGridPoints - 1));
  const GridMoments fine =
      integrate(likelihood, k, std::max(u_lo, coarse.u_mean - width), std::min(u_hi + 2.0, coarse.u_mean + width));
  FrailtyPosterior p;
  const double variance = std::max(fine.f_variance, 1e-12 * fine.f_mean * fine.f_mean);
  p.shape = fine.f_mean * fine.f_mean / variance;
  p.scale = variance / fine.f_mean;
  return p;
}

std::vector<FrailtyPosterior> frailty_posteriors(const PopulationModel& model, const MemberPanel& panel) {
  std::vector<FrailtyPosterior> out(panel.rows);
  tbb::parallel_for(std::size_t{0}, panel.rows, [&](std::size_t i) {
    ObservedMember who;
    who.band = model.band_of_age(panel.age[i]);
    who.female = panel.female[i] != 0;
    who.conditions = panel.conditions[i];
    who.months = panel.months[i];
    who.by_category = panel.by_category;
    who.claims = panel.claims.data() + (panel.by_category ? i * kCategoryCount : i);
    who.observed = panel.observed.data();
    out[i] = frailty_posterior(model, who);
  });
  return out;
}

}  // namespace pmsim
