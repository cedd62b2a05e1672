#pragma once
//! \file yaml_front_end.h
//! The one way pmsim reads a YAML text (internal to sim/lib/scenario): bounded, so that no
//! input can hang it, exhaust memory or reach yaml-cpp's recursion. The limits are documented
//! in docs/scenarios.md ("What a scenario file may contain") and docs/reliability/yaml.md.

#include <cstddef>
#include <optional>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "scenario/yaml_reader.h"

namespace pmsim::yaml {

//! The largest text read: 100 times the largest scenario, and small enough that yaml-cpp,
//! which scans a flow collection whole before parsing it, needs seconds and MBs, not more.
inline constexpr std::size_t kMaxTextBytes = std::size_t{1} << 20;
//! Levels of maps and sequences; a scenario has at most 6.
inline constexpr int kMaxDepth = 64;
//! Nodes (maps, sequences and scalars) of the document; a scenario has a few thousand at most.
inline constexpr std::size_t kMaxNodes = 100'000;

//! The single document of `text`, after checking its bytes (size, UTF-8, control characters,
//! line breaks) and its structure (one document, depth, node count, no tags, no anchors or
//! aliases). On any problem, records it into `diag` as "FILE:LINE:COLUMN: message" and returns
//! nullopt; a text without a document records `no_document`. Never throws YAML::Exception.
std::optional<YAML::Node> load_document(std::string_view text, Diagnostics& diag, std::string_view no_document);

}  // namespace pmsim::yaml
