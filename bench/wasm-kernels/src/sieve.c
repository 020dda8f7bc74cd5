/* Sieve of Eratosthenes on a byte array (one byte per integer). */
#include "kernels.h"

static uint8_t composite[SIEVE_MAX];

KERNEL_EXPORT("run")
uint64_t kernel_sieve(uint32_t limit)
{
    if (limit > SIEVE_MAX) limit = SIEVE_MAX;
    for (uint32_t i = 0; i < limit; i++) composite[i] = 0;
    uint64_t count = 0, sum = 0;
    for (uint32_t i = 2; i < limit; i++) {
        if (composite[i]) continue;
        count++;
        sum += i;
        if ((uint64_t)i * i < limit) {
            for (uint32_t j = i * i; j < limit; j += i) composite[j] = 1;
        }
    }
    return (count << 40) ^ sum;
}
