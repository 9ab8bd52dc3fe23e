// The inventory's text form: serialise() writes version 2, parse() reads it
// strictly and reads version 1 only where a file cannot be a damaged one.
// Each kind of damage has its own test and its exact message.
#include <tenon/inventory.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

using tenon::Errc;
using tenon::Inventory;

using namespace std::string_literals;

constexpr std::string_view two_plugins = "tenon-inventory 2\nplugins 2\ncuda_plugin 0.2.0\namdgpu_plugin 0.2.0\nend\n";
constexpr std::string_view two_plugins_v1 = "tenon-inventory 1\nplugins 2\ncuda_plugin 0.2.0\namdgpu_plugin 0.2.0\n";

Inventory listing(std::vector<tenon::InventoryEntry> plugins) {
    Inventory inventory;
    inventory.plugins = std::move(plugins);
    return inventory;
}

Inventory without_list() {
    Inventory inventory;
    inventory.has_list = false;
    return inventory;
}

// The message parse() refuses `text` with; every refusal is malformed_metadata.
std::string refusal(std::string_view text) {
    const auto parsed = Inventory::parse(text, "inventory.img");
    if (parsed) {
        return "(accepted)";
    }
    EXPECT_EQ(parsed.error().code, Errc::malformed_metadata) << parsed.error().message;
    return parsed.error().message;
}

// The message serialise() refuses `inventory` with; every refusal is invalid_argument.
std::string serialise_refusal(const Inventory &inventory) {
    const auto text = inventory.serialise();
    if (text) {
        return "(accepted: " + *text + ")";
    }
    EXPECT_EQ(text.error().code, Errc::invalid_argument) << text.error().message;
    return text.error().message;
}

// ---- What serialise writes, and that parse reads it back ----

TEST(InventoryText, SerialiseWritesVersion2EndingWithAnEndLine) {
    const auto text = listing({{"cuda_plugin", "0.2.0"}, {"amdgpu_plugin", "0.2.0"}}).serialise();
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(*text, two_plugins);
    EXPECT_EQ(*listing({}).serialise(), "tenon-inventory 2\nplugins 0\nend\n");
    EXPECT_EQ(*without_list().serialise(), "tenon-inventory 2\nplugins any\nend\n");
}

TEST(InventoryText, SerialiseThenParseGivesTheInventoryBack) {
    for (const Inventory &original :
         {listing({{"cuda_plugin", "0.2.0"}, {"amdgpu_plugin", "1.4.2-rc.1+build.7"}}), listing({}), without_list(),
          // Names that are also words of the format are still plugin lines.
          listing({{"end", "1.0.0"}, {"plugins", "2.0.0"}, {"tenon-inventory", "2.0.0"}, {"any", "0.0.1"}})}) {
        const auto text = original.serialise();
        ASSERT_TRUE(text) << text.error().message;
        const auto parsed = Inventory::parse(*text);
        ASSERT_TRUE(parsed) << parsed.error().message;
        EXPECT_EQ(*parsed, original) << *text;
    }
}

// ---- Version 1 ----

TEST(InventoryText, ACompleteVersion1ListStillLoads) {
    const auto parsed = Inventory::parse(two_plugins_v1, "old.img");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, listing({{"cuda_plugin", "0.2.0"}, {"amdgpu_plugin", "0.2.0"}}));
    const auto empty = Inventory::parse("tenon-inventory 1\nplugins 0\n", "old.img");
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_EQ(*empty, listing({}));
}

TEST(InventoryText, AVersion1HeaderAloneIsRefusedBecauseItMayBeCut) {
    const std::string message =
        "inventory.img: line 2: expected 'plugins COUNT' after 'tenon-inventory 1', found the end of the inventory (a "
        "version 1 inventory that is only its header cannot be told from one cut after line 1; if it really has no "
        "plugin list, rewrite it in version 2 as 'tenon-inventory 2', 'plugins any', 'end')";
    EXPECT_EQ(refusal("tenon-inventory 1\n"), message);
    EXPECT_EQ(refusal("tenon-inventory 1"), message);
}

TEST(InventoryText, Version1WithMoreLinesThanItsCountIsRefused) {
    EXPECT_EQ(refusal(std::string(two_plugins_v1) + "extra 1.0.0\n"),
              "inventory.img: line 5: expected the end of the inventory after the 2 plugins line 2 counts, found "
              "'extra 1.0.0' (a plugin more than line 2 counts)");
    EXPECT_EQ(refusal(std::string(two_plugins_v1) + "end\n"),
              "inventory.img: line 5: expected the end of the inventory after the 2 plugins line 2 counts, found "
              "'end' (a version 2 line; the header says version 1)");
    EXPECT_EQ(refusal("tenon-inventory 1\nplugins any\n"),
              "inventory.img: line 2: expected 'plugins COUNT', found 'plugins any'");
}

// ---- Truncation ----

TEST(InventoryText, EveryCutShortCopyIsRefused) {
    for (const std::string_view whole :
         {two_plugins, two_plugins_v1, std::string_view("tenon-inventory 2\nplugins any\nend\n")}) {
        for (std::size_t length = 0; length < whole.size(); ++length) {
            const auto parsed = Inventory::parse(whole.substr(0, length));
            EXPECT_FALSE(parsed) << "cut after " << length << " bytes of\n" << whole;
        }
    }
}

TEST(InventoryText, CutAfterTheHeader) {
    EXPECT_EQ(refusal("tenon-inventory 2\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found the end of the inventory (it "
              "is cut short)");
    EXPECT_EQ(refusal(""),
              "inventory.img: line 1: expected 'tenon-inventory 2', found the end of the inventory (it is "
              "cut short)");
}

TEST(InventoryText, CutInsideTheList) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 2\ncuda_plugin 0.2.0\n"),
              "inventory.img: line 4: expected 'NAME VERSION' (a plugin name and a semantic version), found the end "
              "of the inventory (it is cut short)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 2\ncuda_plugin 0.2.0\namdgpu_pl"),
              "inventory.img: line 4: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'amdgpu_pl' and no LF after it (the inventory is cut short)");
    EXPECT_EQ(refusal("tenon-inventory 1\nplugins 2\ncuda_plugin 0.2.0\n"),
              "inventory.img: line 4: expected 'NAME VERSION' (a plugin name and a semantic version), found the end "
              "of the inventory (it is cut short)");
}

TEST(InventoryText, CutBeforeOrInsideTheEndLine) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda_plugin 0.2.0\n"),
              "inventory.img: line 4: expected 'end', found the end of the inventory (it is cut short)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda_plugin 0.2.0\nen"),
              "inventory.img: line 4: expected 'end', found 'en' and no LF after it (the inventory is cut short)");
}

TEST(InventoryText, NoFinalNewline) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 0\nend"),
              "inventory.img: line 3: expected 'end', found 'end' and no LF after it (the inventory is cut short)");
    EXPECT_EQ(refusal("tenon-inventory 1\nplugins 1\ncuda_plugin 0.2.0"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'cuda_plugin 0.2.0' and no LF after it (the inventory is cut short)");
}

// ---- Line endings, and damage any line may have ----

TEST(InventoryText, CrLfLineEndingsAreNamed) {
    EXPECT_EQ(refusal("tenon-inventory 1\r\nplugins 0\r\n"),
              "inventory.img: line 1: expected 'tenon-inventory 2', found 'tenon-inventory 1\\x0d' (the line ends in "
              "CR LF; an inventory's lines end in LF alone)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 0\nend\r\n"),
              "inventory.img: line 3: expected 'end', found 'end\\x0d' (the line ends in CR LF; an inventory's lines "
              "end in LF alone)");
}

TEST(InventoryText, ControlCharactersAreRefusedAndShownEscaped) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncu\0da 1.0.0\nend\n"s),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'cu\\x00da 1.0.0' (a control character)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda\t1.0.0\nend\n"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'cuda\\x091.0.0' (a control character)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\n\x1b[2Jcuda 1.0.0\nend\n"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'\\x1b[2Jcuda 1.0.0' (a control character)");
}

TEST(InventoryText, EmptyLinesAreRefused) {
    EXPECT_EQ(refusal("tenon-inventory 2\n\nplugins 0\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found an empty line");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\n\ncuda 1.0.0\nend\n"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found an empty "
              "line");
}

TEST(InventoryText, StraySpacesAreRefused) {
    const std::string entry = "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), ";
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\n cuda 1.0.0\nend\n"),
              entry + "found ' cuda 1.0.0' (a stray space)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda 1.0.0 \nend\n"),
              entry + "found 'cuda 1.0.0 ' (a stray space)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda  1.0.0\nend\n"),
              entry + "found 'cuda  1.0.0' (a stray space)");
    EXPECT_EQ(refusal("tenon-inventory 2 \nplugins 0\nend\n"),
              "inventory.img: line 1: expected 'tenon-inventory 2', found 'tenon-inventory 2 ' (a stray space)");
}

// ---- The header ----

TEST(InventoryText, AnUnknownVersionSaysWhichVersionsThisHostReads) {
    EXPECT_EQ(refusal("tenon-inventory 3\nplugins 0\nend\n"),
              "inventory.img: line 1: expected 'tenon-inventory 2' or 'tenon-inventory 1' (the versions this host "
              "reads), found 'tenon-inventory 3'");
}

TEST(InventoryText, SomethingElseThanAnInventoryIsRefused) {
    EXPECT_EQ(refusal("criu-inventory 1\n"),
              "inventory.img: line 1: expected 'tenon-inventory 2', found 'criu-inventory 1'");
}

TEST(InventoryText, ASecondHeaderIsNamed) {
    EXPECT_EQ(refusal("tenon-inventory 2\ntenon-inventory 2\nplugins 0\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found 'tenon-inventory 2' (a second "
              "header)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ntenon-inventory 2\nend\n"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found "
              "'tenon-inventory 2' (a second header)");
}

// ---- The count ----

TEST(InventoryText, AMalformedCountIsRefused) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins two\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found 'plugins two'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 01\ncuda 1.0.0\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found 'plugins 01'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins -1\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found 'plugins -1'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins\nend\n"),
              "inventory.img: line 2: expected 'plugins COUNT' or 'plugins any', found 'plugins'");
}

TEST(InventoryText, ACountAboveTheLimitIsRefusedBeforeAnyEntryIsRead) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1000001\n"),
              "inventory.img: line 2: expected at most 1000000 plugins, found 'plugins 1000001'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 99999999999999999999999999\n"),
              "inventory.img: line 2: expected at most 1000000 plugins, found 'plugins 99999999999999999999999999'");
    // The limit itself is a count like any other.
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1000000\nend\n"),
              "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), found 'end' "
              "after 0 of the 1000000 plugins line 2 counts");
}

TEST(InventoryText, FewerEntriesThanTheCount) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 2\ncuda_plugin 0.2.0\nend\n"),
              "inventory.img: line 4: expected 'NAME VERSION' (a plugin name and a semantic version), found 'end' "
              "after 1 of the 2 plugins line 2 counts");
}

TEST(InventoryText, MoreEntriesThanTheCount) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda_plugin 0.2.0\namdgpu_plugin 0.2.0\nend\n"),
              "inventory.img: line 4: expected 'end', found 'amdgpu_plugin 0.2.0' (a plugin more than line 2 counts)");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins any\ncuda_plugin 0.2.0\nend\n"),
              "inventory.img: line 3: expected 'end', found 'cuda_plugin 0.2.0' (a plugin line; 'plugins any' is "
              "followed by none)");
}

// ---- Entries ----

TEST(InventoryText, AMalformedEntryIsRefused) {
    const std::string entry = "inventory.img: line 3: expected 'NAME VERSION' (a plugin name and a semantic version), ";
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda\nend\n"), entry + "found 'cuda'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda 1.0\nend\n"), entry + "found 'cuda 1.0'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncu/da 1.0.0\nend\n"), entry + "found 'cu/da 1.0.0'");
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 1\ncuda 1.0.0 extra\nend\n"), entry + "found 'cuda 1.0.0 extra'");
}

TEST(InventoryText, ADuplicateEntryNamesTheLineOfTheFirst) {
    EXPECT_EQ(refusal("tenon-inventory 2\nplugins 3\ncuda 1.0.0\namdgpu 1.0.0\ncuda 2.0.0\nend\n"),
              "inventory.img: line 5: expected a plugin not listed yet, found 'cuda 2.0.0' ('cuda' is on line 3 "
              "already)");
    EXPECT_EQ(refusal("tenon-inventory 1\nplugins 2\ncuda 1.0.0\ncuda 1.0.0\n"),
              "inventory.img: line 4: expected a plugin not listed yet, found 'cuda 1.0.0' ('cuda' is on line 3 "
              "already)");
}

// ---- After the end ----

TEST(InventoryText, AnythingAfterTheEndLineIsRefused) {
    const std::string nothing_after = "inventory.img: line 6: expected nothing after 'end', found ";
    EXPECT_EQ(refusal(std::string(two_plugins) + "garbage"), nothing_after + "'garbage'");
    EXPECT_EQ(refusal(std::string(two_plugins) + "\n"), nothing_after + "an empty line");
    EXPECT_EQ(refusal(std::string(two_plugins) + std::string(two_plugins)),
              nothing_after + "'tenon-inventory 2' (a second header)");
}

// ---- The origin ----

TEST(InventoryText, TheOriginIsEscapedToo) {
    const auto parsed = Inventory::parse("criu-inventory 1\n", "images/\x1b]0;x\a\n.img");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().message,
              "images/\\x1b]0;x\\x07\\x0a.img: line 1: expected 'tenon-inventory 2', found 'criu-inventory 1'");
}

// ---- What serialise refuses ----

TEST(InventoryText, SerialiseRefusesAnInvalidName) {
    EXPECT_EQ(serialise_refusal(listing({{"cuda", "1.0.0"}, {"bad name", "1.0.0"}})),
              "Inventory::serialise: plugins[1].name: expected a plugin name (letters, digits and '._+-'), found 'bad "
              "name'");
    EXPECT_EQ(serialise_refusal(listing({{"forged\nend", "1.0.0"}})),
              "Inventory::serialise: plugins[0].name: expected a plugin name (letters, digits and '._+-'), found "
              "'forged\\x0aend'");
    EXPECT_EQ(serialise_refusal(listing({{"", "1.0.0"}})),
              "Inventory::serialise: plugins[0].name: expected a plugin name (letters, digits and '._+-'), found ''");
}

TEST(InventoryText, SerialiseRefusesAnInvalidVersion) {
    EXPECT_EQ(serialise_refusal(listing({{"cuda", "1.0"}})),
              "Inventory::serialise: plugins[0].version: expected a semantic version (MAJOR.MINOR.PATCH), found "
              "'1.0'");
    EXPECT_EQ(serialise_refusal(listing({{"cuda", "1.0.0 2"}})),
              "Inventory::serialise: plugins[0].version: expected a semantic version (MAJOR.MINOR.PATCH), found "
              "'1.0.0 2'");
}

TEST(InventoryText, SerialiseRefusesADuplicateName) {
    EXPECT_EQ(serialise_refusal(listing({{"cuda", "1.0.0"}, {"amdgpu", "1.0.0"}, {"cuda", "2.0.0"}})),
              "Inventory::serialise: plugins[2].name: expected a name no earlier entry has, found 'cuda' (also "
              "plugins[0]'s name)");
}

TEST(InventoryText, SerialiseRefusesEntriesInAnInventoryWithoutAList) {
    Inventory inventory = without_list();
    inventory.plugins = {{"cuda", "1.0.0"}};
    EXPECT_EQ(serialise_refusal(inventory),
              "Inventory::serialise: plugins: expected no entries in an inventory without a list (has_list false), "
              "found 1");
}

TEST(InventoryText, SerialiseRefusesMoreEntriesThanTheLimit) {
    Inventory inventory;
    inventory.plugins.resize(Inventory::max_plugins + 1);
    EXPECT_EQ(serialise_refusal(inventory),
              "Inventory::serialise: plugins: expected at most 1000000 plugins, found 1000001");
}

}  // namespace
