#include "sweep_reading.h"

#include <iostream>
#include <set>

#include "output/read_result_file.h"
#include "output/read_sweep_file.h"

namespace pmsim::cli {

namespace {

// "FILE:/sweep/3", as the readers name the point in their messages.
std::string point_name(const std::string& path, const SweepContents& sweep, std::size_t index) {
  return path + ":" + sweep.points[index].group;
}

std::string point_title(const std::string& path, const SweepContents& sweep, std::size_t index) {
  return path + " " + sweep.points[index].group + " (point " + std::to_string(index) + " of " +
         std::to_string(sweep.points.size()) + "): " + describe_point(sweep, index);
}

}  // namespace

void add_sweep_point_option(CLI::App& app, std::optional<int>& point) {
  app.get_subcommand("summarize")
      ->add_option("--point", point, "A sweep file's point (0-based index; default: every point, one after the other)")
      ->transform(decimal_integer(0, 2147483647));
}

int summarize_points_command(const SummarizeArgs& unchecked, const std::optional<int>& point) {
  SummarizeArgs args = unchecked;
  if (!admit_results_file(args.file, args.allow_damaged, args.damaged)) return kExitBadInput;
  if (!is_sweep_file(args.file)) {
    if (!point) return summarize_command(args);
    std::cerr << "pmsim: --point " << *point << ": " << args.file
              << " is not a sweep file (written by pmsim sweep); leave --point out\n";
    return kExitBadInput;
  }
  SweepContents sweep;
  try {
    sweep = read_sweep(args.file);
  } catch (const std::runtime_error& e) {
    std::cerr << "pmsim: " << e.what() << '\n';
    return kExitBadInput;
  }
  const std::size_t points = sweep.points.size();
  if (point && static_cast<std::size_t>(*point) >= points) {
    std::cerr << "pmsim: --point " << *point << ": " << args.file << " has points 0 to " << points - 1 << '\n';
    return kExitBadInput;
  }
  if (!point && points > 1 && args.format != "table") {
    std::cerr << "pmsim: --format " << args.format << ": " << args.file << " is a sweep of " << points
              << " points; give --point I (0 to " << points - 1 << ") for one document\n";
    return kExitBadInput;
  }
  const std::size_t first = point ? static_cast<std::size_t>(*point) : 0;
  const std::size_t last = point ? first + 1 : points;
  for (std::size_t i = first; i < last; ++i) {
    SummarizeArgs one = args;
    one.group = sweep.points[i].group;  // read in place
    if (args.format == "table")
      std::cout << (i > first ? "\n" : "") << "== " << point_title(args.file, sweep, i) << '\n';
    std::cout.flush();
    if (const int code = summarize_command(one); code != 0) return code;
  }
  return 0;
}

int compare_points_command(const CompareArgs& args) {
  // The options as given (format, units, ...); the files and their trees are expanded below.
  CompareArgs expanded = args;
  expanded.files.clear();
  expanded.groups.clear();
  expanded.damaged.clear();
  std::vector<std::string> titles;
  std::set<std::string> verified;
  for (const std::string& path : args.files) {
    if (verified.insert(path).second) {
      if (!admit_results_file(path, args.allow_damaged, expanded.damaged[path])) return kExitBadInput;
    }
  }
  for (const std::string& path : args.files) {
    if (!is_sweep_file(path)) {
      expanded.files.push_back(path);
      expanded.groups.push_back("/");
      continue;
    }
    try {
      const SweepContents sweep = read_sweep(path);
      for (std::size_t i = 0; i < sweep.points.size(); ++i) {
        expanded.files.push_back(path);
        expanded.groups.push_back(sweep.points[i].group);  // read in place
        titles.push_back(point_name(path, sweep, i) + " is point " + std::to_string(i) + " of " +
                         std::to_string(sweep.points.size()) + ": " + describe_point(sweep, i));
      }
    } catch (const std::runtime_error& e) {
      std::cerr << "pmsim: " << e.what() << '\n';
      return kExitBadInput;
    }
  }
  if (expanded.files.size() < 2) {
    std::cerr << "pmsim: compare needs two results files, or a sweep file of two points or more\n";
    return kExitBadInput;
  }
  if (args.format == "table")
    for (const std::string& title : titles) std::cout << title << '\n';
  std::cout.flush();
  return compare_command(expanded);
}

}  // namespace pmsim::cli
