#include "random/parameter_distribution.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>

#include "random/random_stream.h"
#include "random/rank_correlation.h"

namespace pmsim {

namespace {

namespace bp = boost::math::policies;
// Boost reports bad parameters, overflow and failed evaluations by throwing. The parameters are
// checked first (parameter_problem: each kind's derived parameters finite, positive and where
// Boost's functions are accurate); with this policy what is left becomes a NaN or an infinity,
// which the callers check, instead of an exception. Values of valid parameters are unchanged.
using NoThrow = bp::policy<bp::domain_error<bp::ignore_error>, bp::pole_error<bp::ignore_error>,
                           bp::overflow_error<bp::ignore_error>, bp::underflow_error<bp::ignore_error>,
                           bp::denorm_error<bp::ignore_error>, bp::evaluation_error<bp::ignore_error>,
                           bp::rounding_error<bp::ignore_error>, bp::indeterminate_result_error<bp::ignore_error>>;

// The smallest and largest uniforms a RandomStream gives (random_stream.h: (word + 0.5) 2^-32).
constexpr double kLowestUniform = RandomStream::to_open_unit(0);
constexpr double kHighestUniform = RandomStream::to_open_unit(0xffffffffu);

// The limits of the parameters, derived in docs/scenarios.md ("Uncertain values"): beyond a
// coefficient of variation of 100 more than 1e-3 of a lognormal's mean (or, near a shape of
// 1e-6, a gamma's) lies above the largest value the stream can draw; a gamma's shape above
// ~1e10 makes Boost's incomplete gamma function give up, a beta's a + b above ~1e16 makes its
// distribution function wrong; below a coefficient of variation of ~1e-154 a lognormal's
// sigma^2 rounds to 0.
constexpr double kMaxCv = 100;
constexpr double kMinLognormalCv = 1e-100;
constexpr double kMinGammaCv = 1e-4;            // shape (mean/sd)^2 <= 1e8
constexpr double kMaxBetaConcentration = 1e10;  // a + b = mean (1 - mean) / sd^2 - 1

bool degenerate(const DistributionSpec& d) {
  const bool by_moments = d.kind != DistributionKind::uniform && d.kind != DistributionKind::triangular;
  return (by_moments && d.sd == 0) || d.min == d.max;
}

// The value of a degenerate distribution.
double point_value(const DistributionSpec& d) {
  if (d.min == d.max) return d.min;
  return nominal_value(d);
}

// Calls f with the Boost distribution of d (not truncated). Only for valid, non-degenerate d.
template <class F>
double with_distribution(const DistributionSpec& d, F&& f) {
  namespace bm = boost::math;
  switch (d.kind) {
    case DistributionKind::normal:
      return f(bm::normal_distribution<double, NoThrow>(d.mean, d.sd));
    case DistributionKind::lognormal: {
      const double sigma2 = std::log1p((d.sd / d.mean) * (d.sd / d.mean));
      return f(bm::lognormal_distribution<double, NoThrow>(std::log(d.mean) - sigma2 / 2, std::sqrt(sigma2)));
    }
    case DistributionKind::gamma:
      return f(bm::gamma_distribution<double, NoThrow>(d.mean * d.mean / (d.sd * d.sd), d.sd * d.sd / d.mean));
    case DistributionKind::beta: {
      const double k = d.mean * (1 - d.mean) / (d.sd * d.sd) - 1;
      return f(bm::beta_distribution<double, NoThrow>(d.mean * k, (1 - d.mean) * k));
    }
    case DistributionKind::uniform:
      return f(bm::uniform_distribution<double, NoThrow>(d.min, d.max));
    case DistributionKind::triangular:
      return f(bm::triangular_distribution<double, NoThrow>(d.min, d.mode, d.max));
  }
  return 0;
}

// The distribution's support, before truncation.
std::pair<double, double> support(const DistributionSpec& d) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (d.kind) {
    case DistributionKind::normal:
      return {-inf, inf};
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      return {0, inf};
    case DistributionKind::beta:
      return {0, 1};
    case DistributionKind::uniform:
    case DistributionKind::triangular:
      return {d.min, d.max};
  }
  return {-inf, inf};
}

double cdf_at(const DistributionSpec& d, double x) {
  const auto [lo, hi] = support(d);
  if (x <= lo) return 0;
  if (x >= hi) return 1;
  return with_distribution(d, [x](const auto& dist) { return boost::math::cdf(dist, x); });
}

std::string text(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

// What makes a non-degenerate distribution's parameters unusable by Boost or by the stream,
// or "" (the mean and sd are finite, the sd > 0, the mean in the kind's own range).
std::string parameter_problem(const DistributionSpec& d) {
  const double cv = d.sd / d.mean;
  switch (d.kind) {
    case DistributionKind::lognormal:
      if (!(cv >= kMinLognormalCv && cv <= kMaxCv))
        return "a lognormal distribution needs sd/mean in [" + format_number(kMinLognormalCv) + ", " +
               format_number(kMaxCv) + "] (or sd 0), got " + format_number(cv);
      return "";
    case DistributionKind::gamma:
      if (!(cv >= kMinGammaCv && cv <= kMaxCv))
        return "a gamma distribution needs sd/mean in [" + format_number(kMinGammaCv) + ", " + format_number(kMaxCv) +
               "] (or sd 0): its shape (mean/sd)^2 in [1e-4, 1e8], got sd/mean " + format_number(cv);
      return "";
    case DistributionKind::beta: {
      const double k = d.mean * (1 - d.mean) / (d.sd * d.sd) - 1;
      if (!(k <= kMaxBetaConcentration))
        return "a beta distribution with mean " + format_number(d.mean) +
               " needs sd >= " + format_number(std::sqrt(d.mean * (1 - d.mean) / (kMaxBetaConcentration + 1))) +
               " (or sd 0): a + b = mean (1 - mean)/sd^2 - 1 at most 1e10";
      if (!(d.mean * k > 0 && (1 - d.mean) * k > 0))
        return "a beta distribution with mean " + format_number(d.mean) + " and sd " + format_number(d.sd) +
               " has a = mean k or b = (1 - mean) k too small to represent; give a smaller sd";
      return "";
    }
    default:
      return "";
  }
}

}  // namespace

std::string distribution_problem(const DistributionSpec& d) {
  const bool bounded = std::isfinite(d.min) && std::isfinite(d.max);
  if (d.min > d.max) return "min (" + text(d.min) + ") must be <= max (" + text(d.max) + ")";
  switch (d.kind) {
    case DistributionKind::uniform:
      if (!bounded) return "a uniform distribution needs min and max";
      return "";
    case DistributionKind::triangular:
      if (!bounded) return "a triangular distribution needs min, mode and max";
      if (d.mode < d.min || d.mode > d.max) return "mode (" + text(d.mode) + ") must be within [min, max]";
      return "";
    case DistributionKind::normal:
      break;
    case DistributionKind::lognormal:
    case DistributionKind::gamma:
      if (!(d.mean > 0)) return "the mean of a " + std::string(to_string(d.kind)) + " distribution must be > 0";
      break;
    case DistributionKind::beta:
      if (!(d.mean > 0 && d.mean < 1)) return "the mean of a beta distribution must be > 0 and < 1";
      if (d.sd * d.sd >= d.mean * (1 - d.mean))
        return "a beta distribution with mean " + text(d.mean) +
               " needs sd < sqrt(mean x (1 - mean)) = " + text(std::sqrt(d.mean * (1 - d.mean)));
      break;
  }
  if (d.sd < 0) return "sd must be >= 0";
  if (!degenerate(d)) {
    if (std::string problem = parameter_problem(d); !problem.empty()) return problem;
    const double mass = cdf_at(d, d.max) - cdf_at(d, d.min);
    if (!(mass > 1e-12)) return "the distribution puts no probability within [min, max]";
  }
  return "";
}

double nominal_value(const DistributionSpec& d) {
  switch (d.kind) {
    case DistributionKind::uniform:
      return (d.min + d.max) / 2;
    case DistributionKind::triangular:
      return (d.min + d.mode + d.max) / 3;
    default:
      return d.mean;
  }
}

double mass_outside(const DistributionSpec& d, double lo, double hi) {
  if (degenerate(d)) {
    const double x = point_value(d);
    return x >= lo && x <= hi ? 0.0 : 1.0;
  }
  const double a = std::max(d.min, lo), b = std::min(d.max, hi);
  const double total = cdf_at(d, d.max) - cdf_at(d, d.min);
  const double inside = b > a ? cdf_at(d, b) - cdf_at(d, a) : 0.0;
  return std::clamp(1.0 - inside / total, 0.0, 1.0);
}

double distribution_quantile(const DistributionSpec& d, double u) {
  if (degenerate(d)) return point_value(d);
  const double f_lo = cdf_at(d, d.min), f_hi = cdf_at(d, d.max);
  const double p = std::clamp(f_lo + u * (f_hi - f_lo), f_lo, f_hi);
  const auto [lo, hi] = support(d);
  double x = 0;
  if (p <= 0) {
    x = lo;
  } else if (p >= 1) {
    x = hi;
  } else {
    x = with_distribution(d, [p](const auto& dist) { return boost::math::quantile(dist, p); });
  }
  return std::clamp(x, d.min, d.max);
}

std::pair<double, double> draw_reach(const DistributionSpec& d) {
  return {distribution_quantile(d, kLowestUniform), distribution_quantile(d, kHighestUniform)};
}

std::string describe(const DistributionSpec& d) {
  std::string s(to_string(d.kind));
  switch (d.kind) {
    case DistributionKind::uniform:
      return s + "(min=" + text(d.min) + ", max=" + text(d.max) + ")";
    case DistributionKind::triangular:
      return s + "(min=" + text(d.min) + ", mode=" + text(d.mode) + ", max=" + text(d.max) + ")";
    default:
      break;
  }
  s += "(mean=" + text(d.mean) + ", sd=" + text(d.sd) + ")";
  if (std::isfinite(d.min) || std::isfinite(d.max))
    s += " on [" + (std::isfinite(d.min) ? text(d.min) : "-inf") + ", " + (std::isfinite(d.max) ? text(d.max) : "inf") +
         "]";
  return s;
}

std::uint32_t parameter_stream_id(const std::string& key) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  return h;
}

std::vector<double> draw_parameters(const Scenario& s, std::uint32_t replication) {
  std::vector<double> uniforms;
  for (std::size_t j = 0; j < s.uncertain.size(); ++j) {
    const std::uint32_t id = parameter_stream_id(s.uncertain[j].key);
    for (std::size_t k = 0; k < j; ++k)
      if (parameter_stream_id(s.uncertain[k].key) == id)
        throw std::invalid_argument("uncertain parameters '" + s.uncertain[k].key + "' and '" + s.uncertain[j].key +
                                    "' have the same stream id; please report this");
    uniforms.push_back(RandomStream(s.simulation.seed, replication, id, 0, Purpose::parameters).uniform());
  }
  if (!s.correlations.empty()) {
    std::string problem;
    const RankCopula copula = rank_copula(s.correlations, s.uncertain, problem);
    if (!problem.empty()) throw std::invalid_argument("correlations: " + problem);
    correlate_uniforms(copula, uniforms);
  }
  std::vector<double> values;
  values.reserve(s.uncertain.size());
  for (std::size_t j = 0; j < s.uncertain.size(); ++j) {
    const DistributionSpec& d = s.uncertain[j].distribution;
    const std::string where = "uncertain parameter '" + s.uncertain[j].key + "' (" + describe(d) + "), replication " +
                              std::to_string(replication);
    double x = 0;
    try {
      x = distribution_quantile(d, uniforms[j]);
    } catch (const std::exception& e) {
      throw ParameterDrawError(where + ": the draw failed: " + e.what());
    }
    if (!std::isfinite(x)) throw ParameterDrawError(where + ": the draw is " + text(x) + ", not a finite number");
    values.push_back(x);
  }
  return values;
}

}  // namespace pmsim
