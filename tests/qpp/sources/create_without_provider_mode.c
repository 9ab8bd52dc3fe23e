/*
 * Must not compile: QPP_CREATE_CB in a file that did not define CURRENT_PLUGIN
 * before including the header with the prototype.
 */
#include "qpp_provider_api.h"

#include <tenon/plugin.h>

QPP_CREATE_CB(qpp_ping);

TENON_PLUGIN_DUMMY("qpp_provider", "1.0.0", "test/2", "Forgot CURRENT_PLUGIN");
