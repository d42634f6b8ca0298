// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code version.properties} at build time. */
final class CliVersion implements IVersionProvider {

  static String text() {
    Properties properties = new Properties();
    try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the build");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "palisade " + properties.getProperty("version");
  }

  @Override
  public String[] getVersion() {
    return new String[] {text()};
  }
}
