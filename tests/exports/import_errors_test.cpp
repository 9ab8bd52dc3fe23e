// Each way an import fails: the status, the slot set to NULL, the exact
// explanation, and the same explanation logged at debug under the importer.
#include "exports_support.hpp"

#include <gtest/gtest.h>

#include <tenon/services.h>

#include <string>

namespace {

using exports_test::fixture_files;
using exports_test::lines_from;
using exports_test::Strings;

// The statuses are ABI: plugins compiled against these values must keep meaning the same thing.
static_assert(TENON_IMPORT_OK == 0);
static_assert(TENON_IMPORT_NO_PROVIDER == -1);
static_assert(TENON_IMPORT_NO_EXPORT == -2);
static_assert(TENON_IMPORT_SIGNATURE_MISMATCH == -3);
static_assert(TENON_IMPORT_VERSION_MISMATCH == -4);
static_assert(TENON_IMPORT_BAD_ARGUMENT == -5);
static_assert(TENON_IMPORT_UNSUPPORTED == -6);

// storage_get as storage_api.h declares it, and as the stale storage_api_old.h does.
const std::string current = "int(const char *, char *, size_t)";
const std::string stale = "int(const char *)";

class ImportErrors : public exports_test::HostTest {
protected:
    /// Loads `files` (which must all load) and checks what probe plugin `probe`, which declares the export with
    /// `signature`, traced and logged.
    void expect_failure(std::initializer_list<std::string> files, const std::string &probe,
                        const std::string &signature, int status, const std::string &why) {
        ASSERT_NO_FATAL_FAILURE(load(files));
        EXPECT_EQ(exports_test::events_of(recorder_, probe),
                  (Strings{probe + ": declares " + signature, probe + ": import " + std::to_string(status),
                           probe + ": slot NULL", probe + ": why " + why}));
        EXPECT_EQ(lines_from(recorder_, probe), Strings{"[" + probe + "] debug: " + why});
    }
};

TEST_F(ImportErrors, ProviderNotLoaded) {
    expect_failure({"x_probe_no_provider.so"}, "probe_no_provider", current, TENON_IMPORT_NO_PROVIDER,
                   "import 'storage_get' from 'storage': provider: expected a loaded, initialised plugin named "
                   "'storage', found none");
}

TEST_F(ImportErrors, ProviderLoadedButNotInitialisedYet) {
    // No TENON_REQUIRES, and listed first: storage is mapped but its init has not run.
    expect_failure({"x_probe_no_provider.so", "x_storage.so"}, "probe_no_provider", current, TENON_IMPORT_NO_PROVIDER,
                   "import 'storage_get' from 'storage': provider: expected a loaded, initialised plugin named "
                   "'storage', found it loaded but not initialised yet (require it with TENON_REQUIRES to be "
                   "initialised after it)");
}

TEST_F(ImportErrors, ProviderDoesNotExportThatName) {
    expect_failure({"x_storage.so", "x_probe_no_export.so"}, "probe_no_export", "int(const char *)",
                   TENON_IMPORT_NO_EXPORT,
                   "import 'storage_delete' from 'storage': export: expected one named 'storage_delete', found only "
                   "storage_count, storage_get, storage_put");
}

TEST_F(ImportErrors, ProviderExportsNothing) {
    expect_failure({"x_plain.so", "x_probe_nothing_exported.so"}, "probe_nothing_exported", "int(void)",
                   TENON_IMPORT_NO_EXPORT,
                   "import 'plain_answer' from 'plain': export: expected one named 'plain_answer', found none (plain "
                   "exports nothing)");
}

TEST_F(ImportErrors, SignatureDiffersFromTheImportersDeclaration) {
    expect_failure({"x_storage.so", "x_probe_signature.so"}, "probe_signature", stale, TENON_IMPORT_SIGNATURE_MISMATCH,
                   "import 'storage_get' from 'storage': signature: expected 'int(const char *)' (the importer's "
                   "declaration), found 'int(const char *, char *, size_t)' (storage 1.3.0)");
}

TEST_F(ImportErrors, ProviderVersionOutsideTheRange) {
    expect_failure({"x_storage.so", "x_probe_version.so"}, "probe_version", current, TENON_IMPORT_VERSION_MISMATCH,
                   "import 'storage_get' from 'storage': version: expected '>=2', found 1.3.0");
}

TEST_F(ImportErrors, ProviderVersionJustPastAnExclusiveBound) {
    expect_failure({"x_storage.so", "x_probe_version_below.so"}, "probe_version_below", current,
                   TENON_IMPORT_VERSION_MISMATCH,
                   "import 'storage_get' from 'storage': version: expected '>=1 <1.3', found 1.3.0");
}

TEST_F(ImportErrors, SignatureIsCheckedBeforeVersion) {
    expect_failure({"x_storage.so", "x_probe_signature_and_version.so"}, "probe_signature_and_version", stale,
                   TENON_IMPORT_SIGNATURE_MISMATCH,
                   "import 'storage_get' from 'storage': signature: expected 'int(const char *)' (the importer's "
                   "declaration), found 'int(const char *, char *, size_t)' (storage 1.3.0)");
}

TEST_F(ImportErrors, MalformedRangeIsABadArgument) {
    expect_failure({"x_storage.so", "x_probe_bad_range.so"}, "probe_bad_range", current, TENON_IMPORT_BAD_ARGUMENT,
                   "import 'storage_get' from 'storage': range: expected space-separated comparators such as '>=1.2 "
                   "<2', found '=>1.2'");
}

TEST_F(ImportErrors, AFailedImportDoesNotFailTheLoad) {
    const auto report = host_->load(fixture_files({"x_storage.so", "x_probe_version.so"}), TEST_STAGE_DUMP);

    EXPECT_TRUE(report.ok()) << testing::PrintToString(tenon_test::messages(report));
    EXPECT_EQ(report.loaded, (Strings{"storage", "probe_version"}));
}

}  // namespace
