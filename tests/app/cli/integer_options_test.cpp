// Integers on the command line (sim/app/integer_option.h): decimal digits within the option's
// range, or exit 2 with a message naming the option and the range; nothing is run or written.
#include <filesystem>
#include <string>
#include <vector>
#include <gtest/gtest.h>

#include "results_cli.h"

namespace pmsim::testing {
namespace {

const std::string kSeedRange = "[0, 18446744073709551615]";

TEST(CliIntegers, SeedOutsideItsRangeOrNotDecimalIsRefused) {
  ScratchDir dir;
  const std::string scenario = dir.copy(std::string(PMSIM_SOURCE_DIR) + "/tests/corpus/ranges/complete.yaml", "s.yaml");
  // The issue's -1 and 2^64 were saturated to 2^64 - 1; 0x10 and 010 were read as 16 and 8.
  for (const std::string& seed :
       std::vector<std::string>{"-1", "18446744073709551616", "1e3", "0x10", "", "+5", " 5", "5 ", "1.0"}) {
    SCOPED_TRACE("--seed '" + seed + "'");
    const CommandResult r = pmsim_command(dir, {"run", scenario, "-q", "-o", dir.file("out.h5"), "--seed", seed});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(
        r.err.find("--seed: expected an integer in " + kSeedRange + " written in decimal digits, got '" + seed + "'"),
        std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("out.h5")));
  }
  const CommandResult top =
      pmsim_command(dir, {"run", scenario, "-q", "-o", dir.file("top.h5"), "--seed", "18446744073709551615"});
  EXPECT_EQ(top.exit_code, 0) << top.err;
}

TEST(CliIntegers, EveryIntegerOptionReadsTheSameWay) {
  ScratchDir dir;
  const std::string scenario = dir.copy(std::string(PMSIM_SOURCE_DIR) + "/tests/corpus/ranges/complete.yaml", "s.yaml");
  const std::vector<std::vector<std::string>> cases = {
      {"run", scenario, "-r", "0x3"},
      {"run", scenario, "-r", "100000001"},
      {"run", scenario, "-j", "-1"},
      {"run", scenario, "-j", "99999999999"},
      {"run", scenario, "--until-se", "ffs.payer_spend=1", "--batch", "1e2"},
      {"run", scenario, "--until-se", "ffs.payer_spend=1", "--max-replications", "-5"},
      {"sweep", scenario, "--set", "population.size=60,70", "-r", "-2"},
      {"calibrate", scenario, "-m", "1e6"},
      {"calibrate", scenario, "-y", "0x1"},
      {"summarize", dir.file("none.h5"), "--year", "1e3"},
      {"summarize", dir.file("none.h5"), "--point", "1.5"},
      {"reproduce", dir.file("none.h5"), "-j", "2048"},
  };
  for (const std::vector<std::string>& args : cases) {
    const std::string option = args[args.size() - 2], value = args.back();
    SCOPED_TRACE(args[0] + " " + option + " " + value);
    const CommandResult r = pmsim_command(dir, args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("expected an integer in ["), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("got '" + value + "'"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace pmsim::testing
