#include "output/results_layout.h"

#include <algorithm>
#include <map>

#include "analysis/sensitivity.h"
#include "analysis/statistics.h"
#include "analysis/variance_decomposition.h"
#include "output/read_hdf5.h"
#include "random/parameter_distribution.h"
#include "util/sha256.h"

namespace pmsim {

namespace {

using Strings = std::vector<std::string>;

LayoutAttribute scalar(std::string name, StoredType type, std::optional<Strings> value = std::nullopt) {
  return {std::move(name), type, std::nullopt, std::move(value)};
}

LayoutAttribute text(std::string name, std::string value) {
  return scalar(std::move(name), StoredType::string, Strings{std::move(value)});
}

LayoutAttribute texts(std::string name, Strings values) {
  const std::size_t n = values.size();
  return {std::move(name), StoredType::string, n, std::move(values)};
}

LayoutAttribute integer(std::string name, StoredType type, std::int64_t value) {
  return scalar(std::move(name), type, Strings{std::to_string(value)});
}

// The objects of one tree, kept in the order they were added, each parent group added
// before its first child.
class Builder {
 public:
  explicit Builder(std::string group) : group_(group == "/" ? "" : std::move(group)) {}

  LayoutObject& group(const std::string& object, std::vector<LayoutAttribute> attributes = {}) {
    LayoutObject& g = add(object);
    g.group = true;
    for (auto& a : attributes) g.attributes.push_back(std::move(a));
    return g;
  }

  LayoutObject& dataset(const std::string& object, StoredType type, std::vector<std::uint64_t> shape,
                        std::string meaning, StoredValues values, std::vector<LayoutAttribute> attributes) {
    LayoutObject& d = add(object);
    d.group = false;
    d.type = type;
    d.shape = std::move(shape);
    d.shape_meaning = std::move(meaning);
    d.values = values;
    d.attributes = std::move(attributes);
    return d;
  }

  std::vector<LayoutObject> take() { return std::move(objects_); }

 private:
  // The object at `object` of the tree ("/contracts/ffs"), after its parents.
  LayoutObject& add(const std::string& object) {
    const std::string path = object == "/" ? (group_.empty() ? "/" : group_) : group_object(group_, object);
    if (const auto it = index_.find(path); it != index_.end()) return objects_[it->second];
    const auto slash = object.rfind('/');
    if (slash != std::string::npos && slash > 0) add(object.substr(0, slash)).group = true;
    index_[path] = objects_.size();
    objects_.push_back(LayoutObject{path, true, StoredType::float64, {}, "", StoredValues::any, {}});
    return objects_.back();
  }

  std::string group_;
  std::vector<LayoutObject> objects_;
  std::map<std::string, std::size_t> index_;
};

std::vector<LayoutAttribute> metric_attributes(const Metric& m) {
  return {text("unit", m.unit), text("description", m.description),
          text("aggregation", std::string(to_string(m.aggregation)))};
}

std::vector<LayoutAttribute> run_attributes(const RunResults& r, const std::string& scenario_resolved) {
  const auto& sim = r.scenario.simulation;
  std::vector<LayoutAttribute> out = {scalar("seed", StoredType::uint64, Strings{std::to_string(sim.seed)}),
                                      integer("replications", StoredType::int64, r.replications),
                                      integer("first_replication", StoredType::int64, r.first_replication),
                                      integer("years", StoredType::int32, r.years),
                                      integer("baseline_years", StoredType::int32, r.baseline_years),
                                      integer("warmup_years", StoredType::int32, sim.warmup_years),
                                      text("scenario_name", sim.name),
                                      text("scenario_resolved", scenario_resolved),
                                      text("scenario_sha256", sha256_hex(scenario_resolved))};
  // The member file's fingerprint, never its members (patient data).
  if (!r.scenario.population.members.empty()) {
    out.push_back(text("member_file", r.scenario.population.members));
    out.push_back(scalar("member_file_sha256", StoredType::string));
    out.push_back(scalar("member_file_rows", StoredType::int64));
  }
  return out;
}

void contracts(Builder& b, const RunResults& r, TreeKind kind) {
  const auto R = static_cast<std::uint64_t>(r.replications);
  const auto Y = static_cast<std::uint64_t>(r.years);
  b.group("/contracts");
  for (const ContractResults& c : r.contracts) {
    const std::string base = "/contracts/" + c.name;
    std::vector<LayoutAttribute> attributes = {text("type", c.type)};
    for (const auto& [name, value] : c.attributes) attributes.push_back(scalar(name, StoredType::float64));
    b.group(base, std::move(attributes));
    for (const Metric& m : c.metrics)
      b.dataset(base + "/" + m.name, StoredType::float64, {R, Y}, "replications x years", StoredValues::finite,
                metric_attributes(m));
    b.group(base + "/summary");
    for (const Metric& m : c.metrics)
      b.dataset(
          base + "/summary/" + m.name, StoredType::float64, {Y + 1, kSummaryColumnCount}, "years + 1 x summary columns",
          StoredValues::any,
          {texts("columns", Strings(kSummaryColumns.begin(), kSummaryColumns.end())),
           texts("rows", period_labels(r.years)), text("horizon", std::string(horizon_description(m.aggregation))),
           text("unit", m.unit), text("aggregation", std::string(to_string(m.aggregation)))});
    for (const Metric& twin : c.twins)
      b.dataset(base + "/variance_decomposition/" + twin.name, StoredType::float64,
                {Y + 1, variance_split_columns().size()}, "years + 1 x decomposition columns", StoredValues::any,
                {texts("columns", variance_split_columns()), texts("rows", period_labels(r.years)),
                 text("unit", std::string(kDecompositionUnit))});
    if (kind == TreeKind::shard)
      for (const Metric& twin : c.twins)
        b.dataset(base + "/twins/" + twin.name, StoredType::float64, {R, Y}, "replications x years",
                  StoredValues::finite, {text("unit", twin.unit), text("description", twin.description)});
  }
}

void population(Builder& b, const RunResults& r) {
  const auto R = static_cast<std::uint64_t>(r.replications);
  const auto columns = static_cast<std::uint64_t>(r.baseline_years + r.years);
  b.group("/population", {integer("first_performance_year_column", StoredType::int32, r.baseline_years)});
  for (const Metric& m : r.population)
    b.dataset("/population/" + m.name, StoredType::float64, {R, columns}, "replications x (baseline_years + years)",
              StoredValues::finite, metric_attributes(m));
}

void parameters(Builder& b, const RunResults& r) {
  const auto& uncertain = r.scenario.uncertain;
  if (uncertain.empty()) return;
  const auto R = static_cast<std::uint64_t>(r.replications);
  const auto P = static_cast<std::uint64_t>(uncertain.size());
  Strings keys;
  for (const auto& p : uncertain) keys.push_back(p.key);
  b.group("/parameters", {texts("keys", keys)});
  for (const auto& p : uncertain)
    b.dataset("/parameters/" + p.key, StoredType::float64, {R}, "replications", StoredValues::finite,
              {text("distribution", describe(p.distribution)), scalar("nominal", StoredType::float64)});
  b.group("/sensitivity");
  for (const ContractResults& c : r.contracts)
    for (const std::string& outcome : sensitivity_outcomes()) {
      const std::string base = "/sensitivity/" + c.name + "/" + outcome;
      // The tornado order is the analysis's: the names are checked, not their order.
      b.group(base, {LayoutAttribute{"parameters", StoredType::string, uncertain.size(), std::nullopt},
                     text("outcome", tornado_description(outcome, c.metric(outcome).unit))});
      b.dataset(base + "/rank_correlation", StoredType::float64, {P}, "parameters", StoredValues::any, {});
      for (const char* column : {"low", "high", "swing"})
        b.dataset(base + "/" + column, StoredType::float64, {P}, "parameters", StoredValues::finite, {});
    }
}

}  // namespace

std::string_view to_string(StoredType type) {
  switch (type) {
    case StoredType::float64:
      return "float64";
    case StoredType::int64:
      return "int64";
    case StoredType::int32:
      return "int32";
    case StoredType::uint64:
      return "uint64";
    case StoredType::string:
      break;
  }
  return "string";
}

std::vector<LayoutObject> results_layout(const RunResults& r, const std::string& scenario_resolved,
                                         const std::string& group, TreeKind kind) {
  Builder b(group);
  b.group("/", run_attributes(r, scenario_resolved));
  b.dataset("/replication", StoredType::int64, {static_cast<std::uint64_t>(r.replications)}, "replications",
            StoredValues::replication_ids, {text("description", std::string(kReplicationDescription))});
  contracts(b, r, kind);
  population(b, r);
  parameters(b, r);
  return b.take();
}

std::vector<LayoutAttribute> invocation_attributes() {
  std::vector<LayoutAttribute> out;
  for (const char* name : {"pmsim_version", "git_commit", "created", "scenario_file", "scenario_text", "command_line"})
    out.push_back(scalar(name, StoredType::string));
  out.push_back(scalar("threads", StoredType::int32));
  out.push_back(scalar("wall_seconds", StoredType::float64));
  out.push_back(scalar("simd_target", StoredType::string));
  return out;
}

std::vector<LayoutAttribute> shard_attributes() {
  return {scalar("shard_index", StoredType::int64), scalar("shard_count", StoredType::int64)};
}

LayoutAttribute sweep_keys_attribute(std::size_t keys) { return {"sweep_keys", StoredType::string, keys, {}}; }
LayoutAttribute sweep_zip_keys_attribute(std::size_t keys) { return {"sweep_zip_keys", StoredType::string, keys, {}}; }
LayoutAttribute sweep_values_attribute(std::size_t keys) { return {"sweep_values", StoredType::string, keys, {}}; }

std::vector<std::string> period_labels(int years) {
  std::vector<std::string> labels;
  for (int y = 1; y <= years; ++y) labels.push_back("year " + std::to_string(y));
  labels.push_back("horizon");
  return labels;
}

std::string tornado_description(const std::string& outcome, const std::string& unit) {
  return "horizon " + outcome + " (" + unit + ")";
}

}  // namespace pmsim
