// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKeyPair;

class SafetyQrCodeTest {

  @TempDir Path dir;

  private final Participant alice = participant();
  private final Participant bob = participant();
  private final SafetyNumber aliceView = SafetyNumber.between(alice, bob);
  private final SafetyNumber bobView = SafetyNumber.between(bob, alice);

  @Test
  void pngRoundTripGivesTheScannableBytes() throws Exception {
    Path png = dir.resolve("alice.png");
    SafetyQrCode.of(aliceView).writePng(png);

    assertThat(SafetyQrCode.readPng(png)).isEqualTo(aliceView.scannable());
  }

  @Test
  void thePngIsBlackOnWhiteWithAQuietZone() throws Exception {
    Path png = dir.resolve("alice.png");
    SafetyQrCode code = SafetyQrCode.of(aliceView);
    code.writePng(png);
    BufferedImage image = ImageIO.read(png.toFile());

    int side = (code.size() + 2 * SafetyQrCode.QUIET_ZONE) * SafetyQrCode.PNG_MODULE_PIXELS;
    assertThat(image.getWidth()).isEqualTo(side);
    assertThat(image.getHeight()).isEqualTo(side);
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    int finder = SafetyQrCode.QUIET_ZONE * SafetyQrCode.PNG_MODULE_PIXELS; // top-left finder pattern
    assertThat(image.getRGB(finder, finder) & 0xFFFFFF).isZero();
    assertThat(image.getRGB(finder - 1, finder - 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  void alicesCodeMatchesBobsViewAndBobsMatchesAlices() throws Exception {
    Path fromAlice = dir.resolve("alice.png");
    Path fromBob = dir.resolve("bob.png");
    SafetyQrCode.of(aliceView).writePng(fromAlice);
    SafetyQrCode.of(bobView).writePng(fromBob);

    assertThat(bobView.matchesScanned(SafetyQrCode.readPng(fromAlice))).isTrue();
    assertThat(aliceView.matchesScanned(SafetyQrCode.readPng(fromBob))).isTrue();
  }

  @Test
  void doesNotMatchAfterAKeyChange() throws Exception {
    Participant bobWithNewKey = new Participant(bob.userId(), IdentityKeyPair.generate().getPublicKey());
    Path fromNewBob = dir.resolve("bob.png");
    SafetyQrCode.of(SafetyNumber.between(bobWithNewKey, alice)).writePng(fromNewBob);

    assertThat(aliceView.matchesScanned(SafetyQrCode.readPng(fromNewBob))).isFalse();
  }

  @Test
  void onesOwnCodeDoesNotMatch() throws Exception {
    Path own = dir.resolve("alice.png");
    SafetyQrCode.of(aliceView).writePng(own);

    assertThat(aliceView.matchesScanned(SafetyQrCode.readPng(own))).isFalse();
  }

  @Test
  void anImageWithoutACodeIsUnreadable() throws Exception {
    BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_BYTE_BINARY);
    Path png = dir.resolve("blank.png");
    ImageIO.write(blank, "png", png.toFile());

    assertThatThrownBy(() -> SafetyQrCode.readPng(png))
        .isInstanceOfSatisfying(
            UnreadableSafetyNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreadableSafetyNumberException.Reason.MALFORMED));
  }

  @Test
  void aFileThatIsNotAnImageIsAnIoError() throws Exception {
    Path text = Files.writeString(dir.resolve("not.png"), "not an image", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> SafetyQrCode.readPng(text)).isInstanceOf(IOException.class);
  }

  @Test
  void terminalRenderingHasTheExpectedSizeAndOnlyHalfBlocks() {
    SafetyQrCode code = SafetyQrCode.of(aliceView);
    int total = code.size() + 2 * SafetyQrCode.QUIET_ZONE;

    for (SafetyQrCode.Background background : SafetyQrCode.Background.values()) {
      String text = code.renderForTerminal(background);
      List<String> lines = text.lines().toList();

      assertThat(text).endsWith("\n").matches("[\u2580\u2584\u2588 \n]+");
      assertThat(lines).hasSize((total + 1) / 2).allSatisfy(line -> assertThat(line).hasSize(total));
    }
    assertThat(code.size()).isEqualTo(37); // version 5: 74 bytes at error correction M
    assertThat(code.renderForTerminal()).isEqualTo(code.renderForTerminal(SafetyQrCode.Background.DARK));
  }

  @Test
  void terminalRenderingDrawsTheModulesWithAQuietZone() {
    SafetyQrCode code = SafetyQrCode.of(aliceView);

    for (SafetyQrCode.Background background : SafetyQrCode.Background.values()) {
      boolean[][] drawn = cells(code.renderForTerminal(background));
      boolean lightIsDrawn = background == SafetyQrCode.Background.DARK;
      int total = code.size() + 2 * SafetyQrCode.QUIET_ZONE;
      for (int row = 0; row < total; row++) {
        for (int column = 0; column < total; column++) {
          int x = column - SafetyQrCode.QUIET_ZONE;
          int y = row - SafetyQrCode.QUIET_ZONE;
          boolean dark = x >= 0 && y >= 0 && x < code.size() && y < code.size() && code.isDark(x, y);
          assertThat(drawn[row][column])
              .as("%s at %d,%d", background, column, row)
              .isEqualTo(dark != lightIsDrawn);
        }
      }
    }
  }

  @Test
  void theTerminalRenderingScansWhenShownDarkOnLight() throws Exception {
    // paint each half cell as a terminal with a dark background would: blocks light, spaces dark
    boolean[][] drawn = cells(SafetyQrCode.of(aliceView).renderForTerminal());
    int scale = 6;
    BufferedImage screen =
        new BufferedImage(drawn[0].length * scale, drawn.length * scale, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < screen.getHeight(); y++) {
      for (int x = 0; x < screen.getWidth(); x++) {
        screen.setRGB(x, y, drawn[y / scale][x / scale] ? 0xEEEEEE : 0x101010);
      }
    }
    Path png = dir.resolve("screenshot.png");
    ImageIO.write(screen, "png", png.toFile());

    assertThat(bobView.matchesScanned(SafetyQrCode.readPng(png))).isTrue();
  }

  @Test
  void keepsTheCodeOutOfToString() {
    assertThat(SafetyQrCode.of(aliceView).toString()).doesNotContain(aliceView.digits().substring(0, 5));
  }

  /** Half cells of a rendering, {@code [row][column]}: whether the foreground colour is drawn there. */
  private static boolean[][] cells(String text) {
    List<String> lines = text.lines().toList();
    boolean[][] drawn = new boolean[lines.size() * 2][];
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      drawn[2 * i] = new boolean[line.length()];
      drawn[2 * i + 1] = new boolean[line.length()];
      for (int column = 0; column < line.length(); column++) {
        char c = line.charAt(column);
        drawn[2 * i][column] = c == '\u2580' || c == '\u2588';
        drawn[2 * i + 1][column] = c == '\u2584' || c == '\u2588';
      }
    }
    return drawn;
  }

  private static Participant participant() {
    return new Participant(UUID.randomUUID(), IdentityKeyPair.generate().getPublicKey());
  }
}
