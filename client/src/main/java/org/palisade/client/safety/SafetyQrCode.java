// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The QR code of one side's safety number, for the peer to scan: shown in the terminal, written as PNG,
 * and read back from an image of the peer's code.
 *
 * <p>The code holds {@link SafetyNumber#scannable()} (libsignal's serialized scannable fingerprint, 74
 * bytes for version 2) as raw binary in QR <em>byte mode</em>: each byte is one ISO-8859-1 character, and
 * no ECI designator is written, so ISO-8859-1, the QR default for byte mode, is how every reader
 * interprets it. This is the convention of Signal's apps; it is denser than base64 (version 5 at error
 * correction M, 37 by 37 modules). A reader must not decode the text as UTF-8; {@link #readPng} asks
 * ZXing for ISO-8859-1.
 *
 * <p>Compare a scanned code with {@code mySafetyNumber.matchesScanned(SafetyQrCode.readPng(photo))}: it
 * is true only for the peer's code of the same two identities, never for one's own code.
 */
public final class SafetyQrCode {

  /** Light modules around the code on every side, the minimum the QR specification asks for. */
  public static final int QUIET_ZONE = 4;

  /** Pixels per module side in {@link #writePng}. */
  public static final int PNG_MODULE_PIXELS = 8;

  static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;

  private static final char UPPER = '\u2580'; // ▀
  private static final char LOWER = '\u2584'; // ▄
  private static final char FULL = '\u2588'; // █
  private static final int BLACK = 0x000000;
  private static final int WHITE = 0xFFFFFF;

  /** The terminal's background colour, which decides whether blocks draw light or dark modules. */
  public enum Background {
    /**
     * Light text on a dark background, the usual terminal default: blocks (in the light foreground colour)
     * draw the light modules and the quiet zone, spaces leave the dark modules.
     */
    DARK,
    /** Dark text on a light background: blocks draw the dark modules, spaces leave the light ones. */
    LIGHT
  }

  /** {@code dark[y][x]}: the modules, without the quiet zone. */
  private final boolean[][] dark;

  private SafetyQrCode(boolean[][] dark) {
    this.dark = dark;
  }

  /** The QR code of {@code safetyNumber}'s scannable bytes. */
  public static SafetyQrCode of(SafetyNumber safetyNumber) {
    Objects.requireNonNull(safetyNumber, "safetyNumber");
    String content = new String(safetyNumber.scannable(), StandardCharsets.ISO_8859_1);
    QRCode code;
    try {
      // no CHARACTER_SET hint: ZXing then encodes byte mode in ISO-8859-1 without an ECI designator
      code = Encoder.encode(content, ERROR_CORRECTION);
    } catch (WriterException e) {
      throw new IllegalStateException("the scannable safety number does not fit a QR code", e);
    }
    ByteMatrix matrix = code.getMatrix();
    boolean[][] dark = new boolean[matrix.getHeight()][matrix.getWidth()];
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        dark[y][x] = matrix.get(x, y) == 1;
      }
    }
    return new SafetyQrCode(dark);
  }

  /** Modules per side, without the quiet zone. */
  public int size() {
    return dark.length;
  }

  /** Whether the module at column {@code x}, row {@code y} (without the quiet zone) is dark. */
  boolean isDark(int x, int y) {
    return dark[y][x];
  }

  /** {@link #renderForTerminal(Background)} for the usual terminal, light text on a dark background. */
  public String renderForTerminal() {
    return renderForTerminal(Background.DARK);
  }

  /**
   * The code as text: one line per two module rows, one column per module (a terminal cell is about twice
   * as high as wide, so modules come out square), drawn with {@code ▀ ▄ █} and spaces, including the quiet
   * zone, so that it appears dark on light in a terminal with the given background. Every line has {@code
   * size() + 2 * QUIET_ZONE} characters and ends with {@code \n}; an odd last row is paired with a light
   * one.
   */
  public String renderForTerminal(Background background) {
    Objects.requireNonNull(background, "background");
    int total = size() + 2 * QUIET_ZONE;
    StringBuilder text = new StringBuilder((total + 1) * ((total + 1) / 2));
    for (int row = 0; row < total; row += 2) {
      for (int column = 0; column < total; column++) {
        boolean top = drawn(background, column, row);
        boolean bottom = drawn(background, column, row + 1);
        text.append(top ? (bottom ? FULL : UPPER) : (bottom ? LOWER : ' '));
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Whether the terminal cell half at this position (quiet zone included) is drawn in the foreground. */
  private boolean drawn(Background background, int column, int row) {
    boolean isDark = darkWithQuietZone(column, row);
    return background == Background.DARK ? !isDark : isDark;
  }

  private boolean darkWithQuietZone(int column, int row) {
    int x = column - QUIET_ZONE;
    int y = row - QUIET_ZONE;
    return x >= 0 && y >= 0 && x < size() && y < size() && dark[y][x];
  }

  /**
   * Writes the code as a black-on-white PNG, {@value #PNG_MODULE_PIXELS} pixels per module with the quiet
   * zone (360 by 360 pixels for version 5). Replaces an existing file.
   */
  public void writePng(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    int total = size() + 2 * QUIET_ZONE;
    int pixels = total * PNG_MODULE_PIXELS;
    BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
    for (int py = 0; py < pixels; py++) {
      for (int px = 0; px < pixels; px++) {
        boolean isDark = darkWithQuietZone(px / PNG_MODULE_PIXELS, py / PNG_MODULE_PIXELS);
        image.setRGB(px, py, isDark ? BLACK : WHITE);
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("the JDK has no PNG writer");
      }
    }
  }

  /**
   * Reads the scannable bytes from an image of a peer's safety-number code: a PNG from {@link #writePng}
   * or any image the JDK reads (PNG, JPEG, GIF, BMP), such as a photo or screenshot, dark on light or
   * inverted.
   *
   * @return the bytes for {@link SafetyNumber#matchesScanned(byte[])}
   * @throws IOException when the file cannot be read or is not an image
   * @throws UnreadableSafetyNumberException (MALFORMED) when the image holds no readable QR code, or one
   *     that cannot be a safety number; the user should rescan
   */
  public static byte[] readPng(Path file) throws IOException, UnreadableSafetyNumberException {
    Objects.requireNonNull(file, "file");
    BufferedImage image;
    try (InputStream in = Files.newInputStream(file)) {
      image = ImageIO.read(in);
    }
    if (image == null) {
      throw new IOException(file + " is not an image the JDK can read");
    }
    Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
    hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
    hints.put(DecodeHintType.ALSO_INVERTED, Boolean.TRUE);
    // byte mode without ECI is ISO-8859-1; without this hint ZXing guesses (often wrongly) from the bytes
    hints.put(DecodeHintType.CHARACTER_SET, StandardCharsets.ISO_8859_1.name());
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    Result result;
    try {
      result = new MultiFormatReader().decode(bitmap, hints);
    } catch (NotFoundException e) {
      throw new UnreadableSafetyNumberException(UnreadableSafetyNumberException.Reason.MALFORMED, e);
    }
    String text = result.getText();
    if (text == null || text.isEmpty() || !text.chars().allMatch(c -> c <= 0xFF)) {
      // an ECI for another charset: some other QR code, not a safety number
      throw new UnreadableSafetyNumberException(UnreadableSafetyNumberException.Reason.MALFORMED, null);
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    // encodes the safety number: keep it out of logs
    return "SafetyQrCode[" + size() + "x" + size() + ", redacted]";
  }
}
