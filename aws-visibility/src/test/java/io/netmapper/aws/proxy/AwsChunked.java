package io.netmapper.aws.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Server-side decoding of S3's aws-chunked bodies ({@code <hex>[;chunk-signature=..]\r\n<data>\r\n}
 * ... {@code 0..\r\n<trailers>\r\n\r\n}), checking the decoded length and a CRC32 trailer, so a
 * stored object proves the bytes crossed the proxy intact.
 */
final class AwsChunked {

  private AwsChunked() {}

  static byte[] decode(byte[] body, HttpHeaders headers) {
    var out = new ByteArrayOutputStream();
    Map<String, String> trailers = new LinkedHashMap<>();
    int pos = 0;
    while (true) {
      int eol = indexOfCrlf(body, pos);
      String line = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(line.split(";", 2)[0].trim(), 16);
      pos = eol + 2;
      if (size == 0) {
        break;
      }
      out.write(body, pos, size);
      pos += size;
      if (body[pos] != '\r' || body[pos + 1] != '\n') {
        throw new IllegalArgumentException("chunk not followed by CRLF at " + pos);
      }
      pos += 2;
    }
    while (pos < body.length) {
      int eol = indexOfCrlf(body, pos);
      if (eol == pos) {
        break;
      }
      String line = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
      int colon = line.indexOf(':');
      trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      pos = eol + 2;
    }
    byte[] payload = out.toByteArray();
    String decodedLength = headers.get("x-amz-decoded-content-length");
    if (decodedLength != null && Long.parseLong(decodedLength) != payload.length) {
      throw new IllegalArgumentException(
          "decoded length " + payload.length + " != " + decodedLength);
    }
    String crc = trailers.get("x-amz-checksum-crc32");
    if (crc != null) {
      var c = new CRC32();
      c.update(payload);
      long v = c.getValue();
      byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
      if (!Base64.getEncoder().encodeToString(b).equals(crc)) {
        throw new IllegalArgumentException("CRC32 trailer mismatch");
      }
    }
    lastTrailers = trailers;
    return payload;
  }

  /** The trailers of the last decoded body (tests check the signed-trailer form arrived). */
  static volatile Map<String, String> lastTrailers = Map.of();

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("no CRLF after " + from);
  }
}
