#pragma once
//! \file partial_files.h
//! The temporary files pmsim writes a file through (`FILE.partial-HOST-PID`), named so that
//! their owner is known, and the stale ones (their owner gone) found and removed.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pmsim {

//! Who writes a temporary: the host (as gethostname says, with any character outside
//! [A-Za-z0-9._] made '_') and the process id.
struct PartialOwner {
  std::string host;  //!< "" for a name written before hosts were named (`FILE.partial-PID`)
  long pid = 0;
  bool operator==(const PartialOwner&) const = default;
};

//! This process on this host.
PartialOwner this_process();

//! The temporary `target` is written through by `owner`: target + ".partial-HOST-PID".
std::filesystem::path partial_path(const std::filesystem::path& target, const PartialOwner& owner);

//! The owner of `name` if it is the name of a temporary of `target_name` (both file names,
//! no directory): "TARGET.partial-HOST-PID" or the older "TARGET.partial-PID".
std::optional<PartialOwner> partial_owner(const std::string& name, const std::string& target_name);

//! What remove_stale_partials found beside a target.
struct StalePartials {
  std::vector<std::filesystem::path> removed;  //!< of processes of this host that no longer run
  std::vector<std::filesystem::path> foreign;  //!< of other hosts: left, since whether they run cannot be known
};

//! Removes the temporaries of `target` whose owner ran on this host and no longer runs: no
//! process has its id, or the process with its id started after the temporary was last
//! written (the id was reused). Names without a host are taken as of this host. The
//! temporary of this very process (a name it is about to create) counts as stale: it cannot
//! be open yet. Never throws; a file it cannot remove is not listed.
StalePartials remove_stale_partials(const std::filesystem::path& target);

}  // namespace pmsim
