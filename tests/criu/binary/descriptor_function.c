/* CR_PLUGIN_DESC defined as a function rather than a descriptor object. */
__attribute__((visibility("default"))) int CR_PLUGIN_DESC(void) {
    return 0;
}
