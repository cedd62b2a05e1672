#pragma once
//! \file results_layout.h
//! The layout of a results file as data (docs/output.md, "Layout"): every group, dataset and
//! attribute a run's results tree holds, with its type and shape, read off the run's results
//! (allocate_results of engine/run.h gives them for a scenario without simulating). The
//! verifier (verify_results_file.h) checks a file against it; the writer (hdf5_writer.cpp)
//! takes its labels from here, and tests check that what it writes is exactly this layout.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/results.h"

namespace pmsim {

//! How a value is stored: the writer's file types (little-endian numbers, variable-length
//! UTF-8 strings).
enum class StoredType { float64, int64, int32, uint64, string };

//! "float64", "int64", "int32", "uint64", "string".
std::string_view to_string(StoredType type);

struct LayoutAttribute {
  std::string name;
  StoredType type = StoredType::string;
  //! nullopt: a scalar; else a 1-D array of this many elements.
  std::optional<std::size_t> length;
  //! The value it must hold, when the layout knows it: the strings, or an integer's decimal
  //! text; nullopt: any value of the type.
  std::optional<std::vector<std::string>> value;
};

//! What a dataset's values must be, beyond their type and shape.
enum class StoredValues { any, finite, replication_ids };

struct LayoutObject {
  std::string path;  //!< in the file: "/contracts/ffs/provider_margin", "/sweep/3/population"
  bool group = false;
  // Datasets only:
  StoredType type = StoredType::float64;
  std::vector<std::uint64_t> shape;
  std::string shape_meaning;  //!< "replications x years", for messages
  StoredValues values = StoredValues::any;
  std::vector<LayoutAttribute> attributes;
};

//! What a results tree holds beyond a run's results: a shard's (pmsim run --shard) also holds
//! the twins' per-replication values, from which pmsim merge recomputes the decomposition.
enum class TreeKind { run, shard };

//! The objects of a results tree (a run's file, or a sweep's point) under `group` ("/" or
//! "/sweep/3"), parents before children: the group itself with the run's attributes (seed,
//! replications, ..., scenario_sha256 of `scenario_resolved`), /replication, /contracts,
//! /population and, for uncertain parameters, /parameters and /sensitivity. `results` need
//! not hold values (allocate_results with zero rows): its replications count gives R.
//! A shard's tree also has /contracts/<c>/twins/<outcome> [R, Y] with the variance decomposition.
std::vector<LayoutObject> results_layout(const RunResults& results, const std::string& scenario_resolved,
                                         const std::string& group = "/", TreeKind kind = TreeKind::run);

//! The invocation's attributes of a file's root (pmsim_version, git_commit, created,
//! scenario_file, scenario_text, command_line, threads, wall_seconds).
std::vector<LayoutAttribute> invocation_attributes();

//! A shard's root attributes: shard_index and shard_count (int64: shard I of N).
std::vector<LayoutAttribute> shard_attributes();

//! The sweep's attributes: the root's `sweep_keys` and each point's `sweep_values`.
LayoutAttribute sweep_keys_attribute(std::size_t keys);
//! `sweep_zip_keys`: the sweep keys that move together (pmsim sweep --zip); absent without --zip.
LayoutAttribute sweep_zip_keys_attribute(std::size_t keys);
LayoutAttribute sweep_values_attribute(std::size_t keys);

// The labels the writer stores, shared with the layout so that the two cannot drift apart.

//! The `rows` of a table per period: "year 1", ..., "year Y", "horizon".
std::vector<std::string> period_labels(int years);
//! A variance decomposition table's `unit`.
inline constexpr std::string_view kDecompositionUnit = "USD^2 (variances); share: 1";
//! /replication's `description`.
inline constexpr std::string_view kReplicationDescription = "replication id of each row (first_replication + row)";
//! A tornado group's `outcome`: "horizon provider_margin (USD)".
std::string tornado_description(const std::string& outcome, const std::string& unit);

}  // namespace pmsim
