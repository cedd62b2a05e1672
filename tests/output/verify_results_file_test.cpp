// The verifier on files the writer wrote (of every family of contract types: no problem), then
// damaged with the HDF5 C API as a user or a bad disk could: each damage named by its object.
#include "output/verify_results_file.h"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <thread>

#include "analysis/run_analysis.h"
#include "contract_scenarios.h"
#include "engine/engine.h"
#include "output/hdf5_writer.h"
#include "results_cli.h"
#include "scenario/scenario_yaml.h"

namespace pmsim::testing {
namespace {

// A run of the scenario `yaml` written by the writer to `path`.
void write_run(const std::string& yaml, const std::string& path) {
  const Scenario s = parse_scenario(yaml, "test.yaml");
  const RunResults results = run_simulation(Simulation(s));
  RunMetadata meta;
  meta.scenario_file = "test.yaml";
  meta.scenario_text = "text";
  meta.scenario_resolved = to_yaml(s);
  meta.command_line = "pmsim run test.yaml";
  meta.threads = 1;
  write_results(results, analyse_run(results), meta, path);
}

std::string problems_text(const std::vector<FileProblem>& problems) {
  std::string out;
  for (const FileProblem& p : problems) out += describe(p) + "\n";
  return out;
}

// The problems of a copy of the valid file after `damage` (an edit with the HDF5 C API).
class VerifyResultsFile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    valid_ = (std::filesystem::temp_directory_path() / ("pmsim_verify_" + std::to_string(::getpid()) + ".h5")).string();
    write_run(results_scenario_yaml(5, 3, 300), valid_);  // ffs and cap, 3 replications of 1 + 3 years
  }
  static void TearDownTestSuite() { std::filesystem::remove(valid_); }

  std::string damaged(const std::function<void(hid_t)>& damage) {
    const std::string copy = dir_.copy(valid_, "damaged.h5");
    const hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    EXPECT_GE(file, 0);
    damage(file);
    H5Fclose(file);
    return problems_text(verify_results_file(copy));
  }

  static std::string valid_;
  ScratchDir dir_;
};
std::string VerifyResultsFile::valid_;

void replace_with(hid_t file, const std::string& name, hid_t type, const std::vector<hsize_t>& dims, const void* data) {
  ASSERT_GE(H5Ldelete(file, name.c_str(), H5P_DEFAULT), 0) << name;
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t ds = H5Dcreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(ds, 0) << name;
  ASSERT_GE(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), 0);
  H5Dclose(ds);
  H5Sclose(space);
}

TEST(VerifyWrittenFiles, EveryFamilyOfContractTypesIsIntact) {
  const ScratchDir dir;
  const std::vector<std::pair<std::string, YamlDocument>> families = {
      {"minimal", minimal_scenario()},
      {"detailed", detailed_scenario()},
      {"shared_savings", shared_savings_scenario()},
      {"capitation", capitation_scenario()},
      {"quality", quality_scenario()},
      {"pay_for_performance", pay_for_performance_scenario()},
      {"cost_per_outcome", cost_per_outcome_scenario()},
      {"bundled_payment", bundled_payment_scenario()}};
  for (auto [name, document] : families) {
    const std::string path = dir.file(name + ".h5");
    write_run(document.with("simulation.replications", "3").with("population.size", "400").text(), path);
    EXPECT_EQ(problems_text(verify_results_file(path)), "") << name;
  }
}

TEST_F(VerifyResultsFile, TheWritersFileIsIntact) { EXPECT_EQ(problems_text(verify_results_file(valid_)), ""); }

TEST_F(VerifyResultsFile, ADeletedDatasetIsMissing) {
  EXPECT_EQ(damaged([](hid_t f) { H5Ldelete(f, "/contracts/cap/provider_margin", H5P_DEFAULT); }),
            "/contracts/cap/provider_margin: missing\n");
}

TEST_F(VerifyResultsFile, AReshapedDatasetNamesBothShapes) {
  const std::vector<double> values(3 * 2, 1.0);
  // (the new dataset lacks the attributes too: they are named as well)
  const std::string out = damaged([&](hid_t f) {
    replace_with(f, "/contracts/cap/provider_margin", H5T_NATIVE_DOUBLE, {3, 2}, values.data());
  });
  EXPECT_NE(out.find("/contracts/cap/provider_margin: shape [3, 2], expected [3, 3] (replications x years)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("/contracts/cap/provider_margin: attribute unit missing\n"), std::string::npos) << out;
}

TEST_F(VerifyResultsFile, AStringDatasetIsTheWrongType) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 8);
  // [3 replications, 4 years] of 8-byte strings (ASan found a [3, 3] array here).
  const char text[3 * 4][8] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  const std::string out = damaged([&](hid_t f) { replace_with(f, "/population/deaths", type, {3, 4}, text); });
  EXPECT_NE(out.find("/population/deaths: type string, expected float64\n"), std::string::npos) << out;
  H5Tclose(type);
}

TEST_F(VerifyResultsFile, ADroppedRootAttributeIsNamed) {
  EXPECT_EQ(damaged([](hid_t f) { H5Adelete(f, "seed"); }), "/: root attribute seed missing\n");
}

// A fork of a threaded process may deadlock in the child (a lock another thread held stays
// locked): with a second thread running, the verifier reads the file here, and finds the same.
TEST_F(VerifyResultsFile, AnotherRunningThreadGivesTheSameAnswer) {
  std::promise<void> stop;
  std::thread other([done = stop.get_future()]() mutable { done.wait(); });
  const std::string out = damaged([](hid_t f) { H5Adelete(f, "seed"); });
  stop.set_value();
  other.join();
  EXPECT_EQ(out, "/: root attribute seed missing\n");
}

TEST_F(VerifyResultsFile, ANonFiniteValueIsCounted) {
  const std::string out = damaged([](hid_t) {});
  EXPECT_EQ(out, "");
  const std::string copy = dir_.copy(valid_, "nan.h5");
  add_to_element(copy, "/contracts/ffs/payer_spend", 4, std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(problems_text(verify_results_file(copy)),
            "/contracts/ffs/payer_spend: 1 non-finite values (the first at index 4), expected finite values only\n");
}

TEST_F(VerifyResultsFile, AnEditedScenarioNoLongerMatchesItsHash) {
  const std::string copy = dir_.copy(valid_, "edited.h5");
  set_string_attribute(copy, "/", "scenario_name", "renamed");
  EXPECT_EQ(problems_text(verify_results_file(copy)),
            "/: root attribute scenario_name: not the value its layout gives it ('renamed', expected 'results_cli')\n");
}

TEST_F(VerifyResultsFile, AnExtraDatasetIsOutsideTheLayout) {
  const double one = 1;
  const std::string out = damaged([&](hid_t f) {
    const hsize_t n = 1;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t ds =
        H5Dcreate2(f, "/contracts/cap/extra", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &one);
    H5Dclose(ds);
    H5Sclose(space);
  });
  EXPECT_EQ(out, "/contracts/cap/extra: unexpected dataset (not in the layout)\n");
}

TEST_F(VerifyResultsFile, TruncatedMissingAndForeignFilesAreOneProblem) {
  const std::string truncated = dir_.copy(valid_, "truncated.h5");
  std::filesystem::resize_file(truncated, std::filesystem::file_size(valid_) / 2);
  const std::string out = problems_text(verify_results_file(truncated));
  EXPECT_EQ(out.rfind("truncated: " + std::to_string(std::filesystem::file_size(truncated)) + " bytes", 0), 0u) << out;
  EXPECT_EQ(problems_text(verify_results_file(dir_.file("none.h5"))), "no such file\n");
  std::ofstream(dir_.file("text.h5")) << "not hdf5\n";
  EXPECT_EQ(problems_text(verify_results_file(dir_.file("text.h5"))), "not an HDF5 file\n");
  H5Fclose(H5Fcreate(dir_.file("empty.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  EXPECT_EQ(problems_text(verify_results_file(dir_.file("empty.h5"))),
            "not a pmsim results file (no root attribute pmsim_version, no /contracts)\n");
}

}  // namespace
}  // namespace pmsim::testing
