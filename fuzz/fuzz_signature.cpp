// Harness: the signature block reader and verifier, as the loader runs them
// on the open descriptor before the ELF reader sees the file
// (src/host/validate.cpp), then the public read_plugin_signature and
// verify_plugin_file (tools' way in, by path). The harness trusts one fixed
// key (fuzz_key_pair), the key the signed seeds carry, so mutations of a
// signed seed reach the Ed25519ph check itself. Besides crashes, the four
// readings of one file must agree with each other.
#include "fuzz_support.hpp"

#include "trust/block_layout.hpp"
#include "trust/signature.hpp"

using namespace tenon::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static tenon_fuzz::MemfdInput input;
    static const std::vector<tenon::PublicKey> trusted{tenon_fuzz::fuzz_key_pair().public_key};
    input.load(data, size);

    auto block = read_signature_block(input.fd(), size, input.path());
    if (!block) {
        tenon_fuzz::require_escaped(block.error());
    } else if (block->has_value() && (*block)->signed_size != size - block_size) {
        tenon_fuzz::fail("read_signature_block: signed_size is not the bytes before the block");
    }
    auto signer = verify_plugin_signature(input.fd(), size, input.path(), trusted);
    if (!signer) {
        tenon_fuzz::require_escaped(signer.error());
    } else if (!block || !block->has_value()) {
        tenon_fuzz::fail("verify_plugin_signature accepted a file read_signature_block found no valid block in");
    }

    if (auto info = tenon::read_plugin_signature(input.path()); !info) {
        tenon_fuzz::require_escaped(info.error());
    }
    if (auto verified = tenon::verify_plugin_file(input.path(), trusted); !verified) {
        tenon_fuzz::require_escaped(verified.error());
    } else if (!signer) {
        tenon_fuzz::fail("verify_plugin_file accepted what verify_plugin_signature refused");
    }
    return 0;
}
