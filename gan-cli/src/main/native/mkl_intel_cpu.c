/*
 * Lets Intel MKL inside libtorch choose its kernels by the CPU's instruction sets on AMD CPUs too.
 *
 * MKL asks mkl_serv_intel_cpu_true() whether the CPU is an Intel one and, when it is not, runs its
 * generic AVX2 kernels even on a CPU with AVX-512. DJL's libtorch_cpu.so links MKL statically but
 * exports these functions, so a library loaded first (LD_PRELOAD) answers in their place; MKL then
 * picks its AVX-512 kernels from the CPU's feature flags as it does on Intel. Measured on a 2-core
 * AMD EPYC with AVX-512: matrix multiplies ran on mkl_blas_avx512_* instead of
 * mkl_blas_def_*_zen kernels. The ./gan launcher builds and preloads this only on AMD CPUs that
 * report avx512f, and GAN_MKL_AVX512=0 turns it off.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }

int mkl_serv_intel_cpu(void) { return 1; }
