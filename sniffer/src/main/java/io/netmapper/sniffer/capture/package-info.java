/**
 * Packet capture: libpcap through pcap4j ({@link io.netmapper.sniffer.capture.PcapSource}), frame
 * decoding without allocation-heavy packet objects ({@link
 * io.netmapper.sniffer.capture.PacketDecoder}), DNS answers parsed with dnsjava ({@link
 * io.netmapper.sniffer.capture.DnsAnswerParser}). See DESIGN.md in this folder.
 */
package io.netmapper.sniffer.capture;
