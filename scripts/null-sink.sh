# Source this: start PulseAudio with a null sink whose monitor is the default microphone.
# Used by .ci/run and by developers on machines with no sound card.
pulseaudio --check >/dev/null 2>&1 || pulseaudio --start --exit-idle-time=-1 -n \
  --load="module-null-sink sink_name=mock_sink sink_properties=device.description=MockSink" \
  --load="module-native-protocol-unix" >/dev/null 2>&1
for _ in 1 2 3 4 5 6 7 8 9 10; do pactl info >/dev/null 2>&1 && break; sleep 0.5; done
pactl list short sinks | grep -q mock_sink || pactl load-module module-null-sink sink_name=mock_sink >/dev/null
pactl set-default-sink mock_sink
pactl set-default-source mock_sink.monitor
export MOCK_INTERVIEW_AUDIO_LOOPBACK=1
