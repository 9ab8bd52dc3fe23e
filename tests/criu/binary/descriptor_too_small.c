/* CR_PLUGIN_DESC too small to hold even the descriptor's fixed fields. */
__attribute__((visibility("default"))) unsigned char CR_PLUGIN_DESC[16] = {1};
