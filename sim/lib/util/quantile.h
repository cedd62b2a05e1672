#pragma once
//! \file quantile.h
//! The quantile of a sorted sample (R type 7, numpy's default), shared by the summaries of
//! results and by the engine's reference population.

#include <span>

namespace pmsim {

//! The quantile of an already sorted sample at probability p in [0, 1] (R type 7): with
//! h = (n - 1) p, x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)), 0-based.
//! NaN for an empty sample.
double sorted_quantile(std::span<const double> sorted, double p);

}  // namespace pmsim
