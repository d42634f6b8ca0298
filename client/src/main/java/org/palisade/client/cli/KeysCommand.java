// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import picocli.CommandLine.Command;

/** {@code palisade keys}: groups the identity key commands; on its own it is a usage error. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage this device's identity keys.",
    subcommands = {KeysGenerateCommand.class})
final class KeysCommand {}
