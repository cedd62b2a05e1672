// scripts/check-unchanged, the judge of every refactor: two runs of the same scenario are
// identical, and a difference anywhere in a file (a dataset deep in a contract's group, an
// attribute) is found and named.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

CommandResult check_unchanged(const ScratchDir& dir, const std::string& old_file, const std::string& new_file,
                              std::vector<std::string> allow = {}) {
  std::vector<std::string> arguments = {"--files", old_file, new_file};
  for (std::string& pattern : allow) arguments.insert(arguments.end(), {"--allow", std::move(pattern)});
  return run_command(dir, std::string(PMSIM_SOURCE_DIR) + "/scripts/check-unchanged", arguments);
}

// Sets a string attribute of an object, as a writer that changed a description would.
void set_string_attribute(const std::string& path, const std::string& object, const std::string& name,
                          const std::string& value) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0) << path;
  const hid_t obj = H5Oopen(file, object.c_str(), H5P_DEFAULT);
  ASSERT_GE(obj, 0) << object;
  if (H5Aexists(obj, name.c_str()) > 0) {
    ASSERT_GE(H5Adelete(obj, name.c_str()), 0);
  }
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, value.size());
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t attr = H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(attr, 0) << name;
  ASSERT_GE(H5Awrite(attr, type, value.data()), 0);
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Oclose(obj);
  H5Fclose(file);
}

class CheckUnchanged : public ::testing::Test {
 protected:
  void SetUp() override {
    old_file_ = run_to_file(dir_, "old", results_scenario_yaml(7, 5, 120));
    new_file_ = dir_.copy(old_file_, "new.h5");
  }
  ScratchDir dir_;
  std::string old_file_, new_file_;
};

TEST_F(CheckUnchanged, TwoRunsOfAScenarioAreIdentical) {
  const std::string again = run_to_file(dir_, "again", results_scenario_yaml(7, 5, 120));
  const CommandResult r = check_unchanged(dir_, old_file_, again);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("identical"), std::string::npos) << r.out;
}

TEST_F(CheckUnchanged, FindsOneChangedNumberDeepInAContract) {
  add_to_element(new_file_, "/contracts/cap/utilization/inpatient", 7, 1e-9);
  const CommandResult r = check_unchanged(dir_, old_file_, new_file_);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("DIFFERS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("contracts/cap/utilization/inpatient: values"), std::string::npos) << r.out;
}

TEST_F(CheckUnchanged, FindsAChangedAttributeAndAllowsOnlyWhatItIsTold) {
  set_string_attribute(new_file_, "/contracts/cap/provider_margin", "description", "changed");
  EXPECT_EQ(check_unchanged(dir_, old_file_, new_file_).exit_code, 1);
  const CommandResult allowed = check_unchanged(dir_, old_file_, new_file_, {"provider_margin@description$"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_NE(allowed.out.find("differs as allowed"), std::string::npos) << allowed.out;
  EXPECT_EQ(check_unchanged(dir_, old_file_, new_file_, {"provider_revenue"}).exit_code, 1);
}

}  // namespace
}  // namespace pmsim::testing
