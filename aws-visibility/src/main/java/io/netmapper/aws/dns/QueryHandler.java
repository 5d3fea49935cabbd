package io.netmapper.aws.dns;

import io.netmapper.aws.dns.DnsMetrics.Outcome;
import io.netmapper.aws.dns.DnsMetrics.Transport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Decides what to do with one packet: answer an AWS name with the proxy, forward everything else,
 * or answer FORMERR / drop what cannot be parsed. Never throws for bad input.
 */
final class QueryHandler {

  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
  private static final int EDNS_PAYLOAD = 1232;

  private final AwsNames awsNames;
  private final List<InetAddress> ipv4;
  private final List<InetAddress> ipv6;
  private final long ttl;
  private final UpstreamClient upstream;
  private final DnsMetrics metrics;

  QueryHandler(DnsConfig config, UpstreamClient upstream, DnsMetrics metrics) {
    this.awsNames = new AwsNames(config.suffixes());
    this.ipv4 = config.ipv4();
    this.ipv6 = config.ipv6();
    this.ttl = config.answerTtl().toSeconds();
    this.upstream = upstream;
    this.metrics = metrics;
  }

  /** The reply's bytes, or empty to send nothing. */
  Optional<byte[]> handle(byte[] packet, Transport transport) {
    try {
      return decide(packet, transport);
    } catch (RuntimeException e) {
      // dnsjava parsed the packet but cannot build a reply to it (records it cannot render)
      LOG.debug("DNS {} query could not be answered: {}", transport, e.toString());
      return formErr(packet, transport);
    }
  }

  private Optional<byte[]> decide(byte[] packet, Transport transport) {
    Message query;
    try {
      query = new Message(packet);
    } catch (IOException | RuntimeException e) {
      return formErr(packet, transport);
    }
    Header header = query.getHeader();
    if (header.getFlag(Flags.QR)) {
      // A response sent to us: answering it could start a reflection loop between two servers.
      metrics.query(transport, Outcome.DROPPED);
      return Optional.empty();
    }
    Record question = query.getQuestion();
    if (header.getOpcode() == Opcode.QUERY
        && question != null
        && question.getDClass() == DClass.IN
        && awsNames.isAws(question.getName())) {
      return Optional.of(answerAws(query, question, transport));
    }
    return forward(packet, query, transport);
  }

  private byte[] answerAws(Message query, Record question, Transport transport) {
    Message reply = replyTo(query, Rcode.NOERROR);
    // Only A and AAAA get addresses. Every other type is NODATA: a real answer (HTTPS/SVCB hints,
    // CNAMEs) could carry AWS's own addresses and let the client bypass the proxy, and NXDOMAIN
    // would make the resolver treat the whole name as missing and fail the A lookup as well.
    List<InetAddress> addresses =
        switch (question.getType()) {
          case Type.A -> ipv4;
          case Type.AAAA -> ipv6;
          default -> List.of();
        };
    for (InetAddress address : addresses) {
      reply.addRecord(
          address instanceof Inet4Address
              ? new ARecord(question.getName(), DClass.IN, ttl, address)
              : new AAAARecord(question.getName(), DClass.IN, ttl, address),
          Section.ANSWER);
    }
    metrics.query(transport, addresses.isEmpty() ? Outcome.NODATA_AWS : Outcome.ANSWERED_AWS);
    return reply.toWire();
  }

  private Optional<byte[]> forward(byte[] packet, Message query, Transport transport) {
    long start = System.nanoTime();
    Optional<byte[]> answer;
    try {
      answer = transport == Transport.UDP ? upstream.udp(packet) : upstream.tcp(packet);
    } catch (IOException e) {
      LOG.debug("cluster DNS unreachable over {}: {}", transport, e.toString());
      answer = Optional.empty();
    }
    metrics.upstreamLatency(
        transport, answer.isPresent(), Duration.ofNanos(System.nanoTime() - start));
    if (answer.isPresent()) {
      metrics.query(transport, Outcome.FORWARDED);
      return answer;
    }
    // debug: during an outage this would be one line per query; the servfail count shows it
    LOG.debug(
        "cluster DNS gave no answer over {} for {}; answering SERVFAIL",
        transport,
        query.getQuestion() == null ? "a query without question" : query.getQuestion().getName());
    metrics.query(transport, Outcome.SERVFAIL);
    return Optional.of(replyTo(query, Rcode.SERVFAIL).toWire());
  }

  private Optional<byte[]> formErr(byte[] packet, Transport transport) {
    if (packet.length < Header.LENGTH || (packet[2] & 0x80) != 0) {
      // Too short to carry an id (nobody could match a reply), or itself a response.
      metrics.query(transport, Outcome.DROPPED);
      return Optional.empty();
    }
    Header header = new Header(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
    header.setFlag(Flags.QR);
    header.setOpcode((packet[2] >> 3) & 0x0f);
    if ((packet[2] & 0x01) != 0) {
      header.setFlag(Flags.RD);
    }
    header.setRcode(Rcode.FORMERR);
    Message reply = new Message();
    reply.setHeader(header);
    metrics.query(transport, Outcome.FORMERR);
    return Optional.of(reply.toWire());
  }

  private static Message replyTo(Message query, int rcode) {
    Header qh = query.getHeader();
    Message reply = new Message(qh.getID());
    Header h = reply.getHeader();
    h.setFlag(Flags.QR);
    h.setFlag(Flags.RA);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    h.setRcode(rcode);
    if (query.getQuestion() != null) {
      reply.addRecord(query.getQuestion(), Section.QUESTION);
    }
    if (query.getOPT() != null) {
      reply.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    }
    return reply;
  }
}
