/* Naive doubly-recursive Fibonacci: measures call overhead. */
#include "kernels.h"

static uint64_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

KERNEL_EXPORT("run")
uint64_t kernel_fib(uint32_t n)
{
    return fib(n);
}
