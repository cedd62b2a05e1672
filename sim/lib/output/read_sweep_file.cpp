#include "output/read_sweep_file.h"

#include "output/read_hdf5.h"
#include "output/read_hdf5_contents.h"
#include "output/read_result_file.h"

namespace pmsim {

namespace {

const std::string kSweepGroup = "/sweep";

}  // namespace

std::string sweep_point_group(std::size_t index) { return kSweepGroup + "/" + std::to_string(index); }

bool is_sweep_file(const std::string& path) {
  try {
    return Hdf5Contents(path).has_attribute("/", "sweep_keys");
  } catch (const std::runtime_error&) {
    return false;
  }
}

SweepContents read_sweep(const std::string& path) {
  SweepContents sweep;
  try {
    const Hdf5Contents file(path);
    sweep.keys = read_string_array_attribute(path, "/", "sweep_keys");
    if (file.has_attribute("/", "sweep_zip_keys"))
      sweep.zip_keys = read_string_array_attribute(path, "/", "sweep_zip_keys");
    for (std::size_t index = 0; file.exists(sweep_point_group(index)); ++index) {
      SweepPointInfo point{sweep_point_group(index),
                           read_string_array_attribute(path, sweep_point_group(index), "sweep_values")};
      if (point.values.size() != sweep.keys.size())
        throw ResultFileError(path + ": " + point.group + " has " + std::to_string(point.values.size()) +
                              " sweep_values for " + std::to_string(sweep.keys.size()) + " sweep_keys");
      sweep.points.push_back(std::move(point));
    }
    std::size_t groups = 0;
    for (const std::string& object : file.objects())
      if (object.starts_with(kSweepGroup + "/") && object.find('/', kSweepGroup.size() + 1) == std::string::npos)
        ++groups;
    if (groups != sweep.points.size())
      throw ResultFileError(path + ": /sweep holds " + std::to_string(groups) +
                            " groups, but only /sweep/0 to /sweep/" + std::to_string(sweep.points.size()) +
                            " follow without a gap");
  } catch (const ResultFileError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw ResultFileError(path + ": not a complete pmsim sweep file: " + e.what());
  }
  if (sweep.points.empty()) throw ResultFileError(path + ": a sweep file without points (no /sweep/0)");
  return sweep;
}

std::string describe_point(const SweepContents& sweep, std::size_t index) {
  std::string out;
  for (std::size_t k = 0; k < sweep.keys.size(); ++k)
    out += (k ? ", " : "") + sweep.keys[k] + "=" + sweep.points.at(index).values[k];
  return out;
}

}  // namespace pmsim
