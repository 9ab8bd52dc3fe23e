// tenon/interface.hpp: a host's interface as a JSON document, so tools judge
// plugins against exactly what the host declares, written once, in its
// HostConfig. `tenon check --interface FILE` reads it.
#pragma once

#include <tenon/error.hpp>
#include <tenon/host.hpp>

#include <string>
#include <string_view>

namespace tenon {

/// The parts of `config` that decide whether a plugin file is accepted, as a
/// JSON document (format "tenon-interface 1", described in
/// docs/host-authors.md, "Checking plugins without loading them"): the
/// interface name and versions, the hooks and events, the load mode, the
/// limits, the trust policy and the signature policy with its public keys.
/// Not included, since no file can be judged by them: foreign formats,
/// worker threads, the map method, the private copy directory and log
/// settings. Allocates; a pure function of `config`, thread-safe.
std::string interface_json(const HostConfig &config);

/// Reads interface_json()'s document back into a HostConfig (the parts not
/// included keep their defaults). Every member must be there, with its type;
/// unknown members are refused too, so a typo cannot silently loosen a
/// check. Fails with Errc::invalid_argument and a message starting with
/// `origin` (a file name) that names the member, the expected and the found
/// value, e.g. "host.json: member 'hooks[1].mode': expected one of
/// first-claimer, broadcast, parallel, found 'sometimes'". Thread-safe.
Result<HostConfig> parse_interface_json(std::string_view text, std::string_view origin);

}  // namespace tenon
