/* A shared library with no Tenon metadata and none of CRIU's plugin symbols. */
__attribute__((visibility("default"))) int helper(int value) {
    return value + 1;
}
