#pragma once
//! \file engine.h
//! The Monte Carlo engine, pure, no I/O: a scenario compiled into a Simulation
//! (simulation.h), a replication's panel simulated (panel.h) and priced under every contract
//! (replication.h), and replications run into results (run.h). Results are bit-identical for
//! any number of threads.

#include "engine/panel.h"
#include "engine/replication.h"
#include "engine/run.h"
#include "engine/simulation.h"
