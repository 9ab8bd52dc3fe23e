// BM_Parallel (parallel_bench.cpp), registered and torn down by the main in dispatch_bench.cpp.
#pragma once

namespace bench {

/// Loads the four cruncher plugins into their own host and registers
/// BM_Parallel/parallel and BM_Parallel/sequential.
void register_parallel_benchmarks();

/// Finishes the cruncher host; call after the benchmarks ran.
void finish_parallel_benchmarks();

}  // namespace bench
