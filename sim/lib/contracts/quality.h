#pragma once
//! \file quality.h
//! Quality measures of a simulated year and the quality score a contract derives from them:
//! each measure scores 0 at its threshold and 1 at its benchmark, linear between; the score
//! is the weighted mean.

#include <vector>

#include "claims/year_tally.h"
#include "config/key_visitor.h"
#include "config/scenario.h"

namespace pmsim {

//! The measure's value for the year (rates as shares, per-1,000 measures per member-year).
double measure_value(QualityMeasureKind kind, const YearTally& year);

//! 0 at (or beyond) the threshold, 1 at (or beyond) the benchmark, linear between; a
//! benchmark below the threshold means lower values are better.
double measure_score(const QualityMeasure& measure, double value);

//! Weighted mean of the measure scores.
double quality_score(const std::vector<QualityMeasure>& measures, const YearTally& year);

// ---- reading its keys ----

class KeyReader;
//! The `quality_measures` of a contract whose type has a quality score; when it gives at
//! least one, a `quality_score` of the contract too is an error.
void read_quality_measures(KeyReader& contract, std::vector<QualityMeasure>& out);

// ---- its keys, walked ----

//! The `quality_measures` of a contract: one inline item per measure.
void walk_quality_measures(KeyVisitor& v, std::vector<QualityMeasure>& measures);

}  // namespace pmsim
