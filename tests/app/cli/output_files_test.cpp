// Results files that are never lost, doubled or half-written (docs/reliability/files.md):
// concurrent writers, signals, stale temporaries, outputs that cannot be written, a full disk.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "output/read_hdf5.h"
#include "results_cli.h"
#include "sanitized.h"

extern char** environ;

namespace pmsim::testing {
namespace {

// pmsim started in the background, its stdout and stderr into files of the scratch directory.
class Background {
 public:
  Background(const ScratchDir& dir, const std::string& name, const std::vector<std::string>& arguments)
      : out_(dir.file(name + ".out")), err_(dir.file(name + ".err")) {
    std::vector<std::string> argv_text = {PMSIM_BINARY};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    const int spawned = posix_spawn(&pid_, PMSIM_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) pid_ = -1;
  }
  ~Background() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      (void)finish();
    }
  }
  pid_t pid() const { return pid_; }
  //! The exit code (-1 if killed by a signal: a crash), stderr in `err`.
  CommandResult finish() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_);
    r.err = read_file(err_);
    return r;
  }

 private:
  std::string out_, err_;
  pid_t pid_ = -1;
  bool waited_ = false;
};

std::vector<std::string> entries(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool has_partial(const fs::path& directory) {
  for (const std::string& name : entries(directory))
    if (name.find(".partial-") != std::string::npos) return true;
  return false;
}

class OutputFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(out_dir_);
    scenario_ = dir_.file("s.yaml");
  }
  // The scenario at `replications` (about 0.3 ms each on one thread).
  std::string scenario(int replications) {
    std::ofstream(scenario_) << results_scenario_yaml(3, replications, 900);
    return scenario_;
  }
  // Waits (at most 10 s) until the run has created its temporary file.
  void wait_for_partial() {
    for (int i = 0; i < 1000 && !has_partial(out_dir_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(has_partial(out_dir_));
  }

  ScratchDir dir_;
  fs::path out_dir_ = fs::path(dir_.file("out"));
  std::string out_ = (out_dir_ / "r.h5").string();
  std::string scenario_;
};

TEST_F(OutputFiles, OfTwoConcurrentWritersExactlyOneSucceedsAndTheOtherKeepsItsResults) {
  const std::string input = scenario(1000);
  int conflicts = 0;
  for (int round = 0; round < 3; ++round) {
    fs::remove_all(out_dir_);
    fs::create_directories(out_dir_);
    Background first(dir_, "first", {"run", input, "-q", "-j", "1", "-o", out_});
    Background second(dir_, "second", {"run", input, "-q", "-j", "1", "-o", out_});
    const CommandResult a = first.finish(), b = second.finish();
    ASSERT_TRUE((a.exit_code == 0) != (b.exit_code == 0)) << a.exit_code << " " << a.err << b.exit_code << " " << b.err;
    const CommandResult& loser = a.exit_code == 0 ? b : a;
    EXPECT_FALSE(has_partial(out_dir_));
    if (loser.exit_code == 2) {  // started after the winner had finished: refused at once
      EXPECT_NE(loser.err.find("exists; use --force"), std::string::npos) << loser.err;
      EXPECT_EQ(entries(out_dir_), std::vector<std::string>{"r.h5"});
      continue;
    }
    ++conflicts;
    EXPECT_EQ(loser.exit_code, 1) << loser.err;
    std::smatch kept;
    ASSERT_TRUE(std::regex_search(loser.err, kept,
                                  std::regex("r\\.h5 was created by another run while this one ran; this run's results "
                                             "are in (\\S+/r\\.conflict-\\S+-[0-9]+\\.h5)\n")))
        << loser.err;
    EXPECT_EQ(entries(out_dir_), (std::vector<std::string>{fs::path(kept[1].str()).filename().string(), "r.h5"}));
    // The kept results are a whole results file, the same as the winner's (same seed).
    EXPECT_EQ(read_matrix(kept[1].str(), "/contracts/cap/provider_margin").values,
              read_matrix(out_, "/contracts/cap/provider_margin").values);
  }
  EXPECT_GE(conflicts, 1) << "the two runs never overlapped";
}

TEST_F(OutputFiles, ForceReplacesAtomically) {
  const std::string input = scenario(20);
  ASSERT_EQ(pmsim_command(dir_, {"run", input, "-q", "-o", out_}).exit_code, 0);
  const CommandResult again = pmsim_command(dir_, {"run", input, "-q", "-o", out_, "-r", "30", "--force"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_matrix(out_, "/contracts/cap/provider_margin").rows, 30);
  EXPECT_EQ(entries(out_dir_), std::vector<std::string>{"r.h5"});
}

struct Interruption {
  int signal;
  const char* name;
  int exit_code;
};

class OutputFilesSignals : public OutputFiles, public ::testing::WithParamInterface<Interruption> {};

TEST_P(OutputFilesSignals, RemoveTheTemporaryAndSayWhatWasInterrupted) {
  const Interruption& i = GetParam();
  Background run(dir_, "run", {"run", scenario(20000), "-q", "-j", "1", "-o", out_});
  wait_for_partial();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(run.pid(), i.signal);
  if (i.signal == SIGINT) ::kill(run.pid(), SIGINT);  // a second one while it cleans up
  const CommandResult r = run.finish();
  EXPECT_EQ(r.exit_code, i.exit_code) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex(std::string("pmsim: interrupted by ") + i.name +
                                                  " after [0-9]+ of 20000 replications; \\S+/r\\.h5 not written\n")))
      << r.err;
  EXPECT_TRUE(entries(out_dir_).empty());
}

INSTANTIATE_TEST_SUITE_P(Signals, OutputFilesSignals,
                         ::testing::Values(Interruption{SIGINT, "SIGINT", 130}, Interruption{SIGTERM, "SIGTERM", 143},
                                           Interruption{SIGHUP, "SIGHUP", 129}),
                         [](const auto& instance) { return std::string(instance.param.name); });

TEST_F(OutputFiles, ASweepInterruptedSaysWhichPoint) {
  std::ofstream(scenario_) << results_scenario_yaml(3, 20000, 900);
  Background sweep(dir_, "sweep",
                   {"sweep", scenario_, "--set", "contracts[1].pmpm=800,900", "-q", "-j", "1", "-o", out_});
  wait_for_partial();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ::kill(sweep.pid(), SIGTERM);
  const CommandResult r = sweep.finish();
  EXPECT_EQ(r.exit_code, 143) << r.err;
  EXPECT_NE(r.err.find(" of 20000 replications of point 1 of 2; "), std::string::npos) << r.err;
  EXPECT_TRUE(entries(out_dir_).empty());
}

TEST_F(OutputFiles, StalePartialsOfDeadProcessesAreRemovedAndReported) {
  // A process that has exited: its id is free (or reused later, by a process started after).
  const pid_t dead = fork();
  if (dead == 0) _exit(0);
  ASSERT_GT(dead, 0);
  ::waitpid(dead, nullptr, 0);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string stale = out_ + ".partial-" + host + "-" + std::to_string(dead);
  const std::string legacy = out_ + ".partial-" + std::to_string(dead);                   // as pmsim named them before
  const std::string live = out_ + ".partial-" + host + "-" + std::to_string(::getpid());  // this test runs
  const std::string foreign = out_ + ".partial-elsewhere.example-" + std::to_string(::getpid());
  const std::string other_target = out_dir_.string() + "/other.h5.partial-" + host + "-" + std::to_string(dead);
  for (const std::string& f : {stale, legacy, live, foreign, other_target}) std::ofstream(f) << "partial";

  const CommandResult r = pmsim_command(dir_, {"run", scenario(10), "-q", "-o", out_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("pmsim: removed " + stale + ", left by a pmsim that no longer runs\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pmsim: removed " + legacy + ", left by a pmsim that no longer runs\n"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("pmsim: note: left " + foreign + ", written on another host"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(legacy));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(foreign));
  EXPECT_TRUE(fs::exists(other_target));  // another file's
}

// Each exits 2 before the simulation: the scenario would take about 6 s.
void expect_refused_at_once(const ScratchDir& dir, const std::vector<std::string>& arguments,
                            const std::string& message) {
  const auto start = std::chrono::steady_clock::now();
  const CommandResult r = pmsim_command(dir, arguments);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 2) << message << "\n" << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << message << "\n" << r.err;
  EXPECT_LT(seconds, pmsim::testing::time_limit(2.0)) << message;
}

TEST_F(OutputFiles, AnOutputThatCannotBeWrittenIsFoundBeforeTheSimulation) {
  const std::string input = scenario(20000);
  std::ofstream(dir_.file("plain_file")) << "x";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {dir_.file("missing/r.h5"),
       "cannot write " + dir_.file("missing/r.h5") + ": directory " + dir_.file("missing") + " does not exist"},
      {out_dir_.string(), "cannot write " + out_dir_.string() + ": it is a directory"},
      {dir_.file("plain_file/r.h5"), dir_.file("plain_file") + " is not a directory"},
      // Refused even to root: /sys takes no new files (EACCES, or EROFS where it is mounted so).
      {"/sys/pmsim_test.h5", "cannot write /sys/pmsim_test.h5: "},
  };
  for (const auto& [output, message] : cases) {
    expect_refused_at_once(dir_, {"run", input, "-q", "-j", "1", "-o", output}, message);
    expect_refused_at_once(dir_, {"sweep", input, "--set", "contracts[1].pmpm=800,900", "-q", "-j", "1", "-o", output},
                           message);
  }
  EXPECT_FALSE(fs::exists(dir_.file("missing")));
  EXPECT_FALSE(fs::exists("/sys/pmsim_test.h5"));
  EXPECT_TRUE(entries(out_dir_).empty());
}

TEST_F(OutputFiles, AReadOnlyDirectoryIsFoundBeforeTheSimulation) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into a directory of mode 0555; the /sys case covers root";
  fs::permissions(out_dir_, fs::perms::owner_read | fs::perms::owner_exec);
  expect_refused_at_once(dir_, {"run", scenario(20000), "-q", "-j", "1", "-o", out_},
                         "no permission to create a file in directory " + out_dir_.string());
  fs::permissions(out_dir_, fs::perms::owner_all);
}

// A file system of `options` mounted on `directory` for a test, if this process may mount.
class Mount {
 public:
  Mount(const fs::path& directory, const std::string& options)
      : directory_(directory), mounted_(::mount("tmpfs", directory.c_str(), "tmpfs", 0, options.c_str()) == 0) {}
  ~Mount() {
    if (mounted_) ::umount(directory_.c_str());
  }
  bool mounted() const { return mounted_; }

 private:
  fs::path directory_;
  bool mounted_;
};

TEST_F(OutputFiles, AReadOnlyFileSystemIsFoundBeforeTheSimulation) {
  const Mount read_only(out_dir_, "ro,size=64k");
  if (!read_only.mounted()) GTEST_SKIP() << "mounting a tmpfs is refused here (no CAP_SYS_ADMIN); /sys covers it";
  expect_refused_at_once(dir_, {"run", scenario(20000), "-q", "-j", "1", "-o", out_},
                         "directory " + out_dir_.string() + " is on a read-only file system");
}

// A run into a full disk: exit 1, the message, no crash, no temporary, an existing file intact.
void expect_full_disk(const ScratchDir& dir, const std::string& limit, const std::vector<std::string>& arguments,
                      const std::string& out, const std::string& reason) {
  std::ofstream(out) << "the results of an earlier run";
  std::vector<std::string> with_force = arguments;
  with_force.push_back("--force");
  for (const auto& args : {arguments, with_force}) {
    const CommandResult r = run_command(dir, limit + PMSIM_BINARY, args);
    const bool forced = args.size() == with_force.size();
    EXPECT_EQ(r.exit_code, forced ? 1 : 2) << r.err;  // without --force: the file exists
    if (forced) {
      EXPECT_NE(r.err.find("pmsim: cannot write " + out + ": " + reason + "\n"), std::string::npos) << r.err;
    }
    EXPECT_EQ(read_file(out), "the results of an earlier run");
    EXPECT_FALSE(has_partial(fs::path(out).parent_path()));
  }
  fs::remove(out);
  const CommandResult fresh = run_command(dir, limit + PMSIM_BINARY, arguments);
  EXPECT_EQ(fresh.exit_code, 1) << fresh.err;
  EXPECT_NE(fresh.err.find("pmsim: cannot write " + out + ": " + reason + "\n"), std::string::npos) << fresh.err;
  EXPECT_TRUE(entries(fs::path(out).parent_path()).empty());
}

TEST_F(OutputFiles, AFileSizeLimitGivesExitOneAndAMessageNeverACrash) {
  // ulimit -f: writes past 100 blocks fail. pmsim ignores SIGXFSZ itself, so write() returns
  // EFBIG instead of the signal killing it; HDF5's failed close used to crash it at exit.
  const std::string input = scenario(1000);  // a file of about 0.5 MB
  expect_full_disk(dir_, "ulimit -f 100; ", {"run", input, "-q", "-j", "1", "-o", out_}, out_,
                   "File too large (the file size limit is reached: see ulimit -f)");
  expect_full_disk(dir_, "ulimit -f 100; ",
                   {"sweep", input, "--set", "contracts[1].pmpm=800,900", "-q", "-j", "1", "-o", out_}, out_,
                   "File too large (the file size limit is reached: see ulimit -f)");
}

TEST_F(OutputFiles, AFullDiskGivesExitOneAndAMessageNeverACrash) {
  const Mount small(out_dir_, "size=256k");
  if (!small.mounted()) GTEST_SKIP() << "mounting a tmpfs is refused here (no CAP_SYS_ADMIN); ulimit -f covers it";
  expect_full_disk(dir_, "", {"run", scenario(2000), "-q", "-j", "1", "-o", out_}, out_,
                   "No space left on device (the disk is full)");
}

}  // namespace
}  // namespace pmsim::testing
