// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;

/**
 * Message content to and from the bytes libsignal encrypts. The JSON is padded (0x80, then zeros, to a multiple
 * of {@value #BLOCK} bytes) so the ciphertext length tells the gateway little about the message length.
 */
final class ContentCodec {

  static final int BLOCK = 160;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ContentCodec() {}

  static byte[] encode(MessageContent content) {
    try {
      byte[] json = JSON.writeValueAsBytes(content);
      byte[] padded = new byte[(json.length / BLOCK + 1) * BLOCK];
      System.arraycopy(json, 0, padded, 0, json.length);
      padded[json.length] = (byte) 0x80;
      return padded;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("message content did not serialise", e);
    }
  }

  /** @throws UnreadableMessageException for bytes that are not padded content of a known version */
  static MessageContent decode(byte[] padded) {
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != (byte) 0x80) {
      throw new UnreadableMessageException("the message's padding is malformed");
    }
    try {
      MessageContent content = JSON.readValue(Arrays.copyOf(padded, end), MessageContent.class);
      if (content.v() != MessageContent.VERSION || content.kind() == null) {
        throw new UnreadableMessageException("the message is of an unknown version or kind");
      }
      return content;
    } catch (IOException e) {
      throw new UnreadableMessageException("the message's content is not readable");
    }
  }
}
