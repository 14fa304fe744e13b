"""An OpenTelemetry collector's OTLP/HTTP traces receiver: records what exporters send."""

from __future__ import annotations

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.stubs import Recorded, RecordingServer


class OtlpCollector(RecordingServer):
    """Accepts ``POST /v1/traces`` (protobuf) and decodes the spans that arrived."""

    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        # An empty ExportTraceServiceResponse: everything accepted.
        return 200, {"Content-Type": "application/x-protobuf"}, b""

    def spans(self) -> list[tuple[str, str, dict[str, str]]]:
        """(service.name, span name, string attributes) of every span received."""
        found = []
        for request in self.recorded(lambda r: r.path == "/v1/traces"):
            export = ExportTraceServiceRequest.FromString(request.body)
            for resource_spans in export.resource_spans:
                resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        attributes = {a.key: a.value.string_value for a in span.attributes}
                        found.append((resource["service.name"], span.name, attributes))
        return found
