#!/bin/sh
# Regenerates the demo's lesson video and handout (committed beside this script).
# Needs Debian's ffmpeg (with libx264 and drawtext) and Python 3. Run from this folder.
set -eu
ffmpeg -v error -y \
  -f lavfi -i "testsrc2=size=426x240:rate=10:duration=60" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:duration=60" \
  -vf "drawtext=text='ML 101 - lesson 1':fontcolor=white:fontsize=20:x=12:y=12:box=1:boxcolor=black@0.5" \
  -c:v libx264 -preset veryslow -crf 46 -pix_fmt yuv420p -g 20 \
  -c:a aac -b:a 24k -ac 1 -movflags +faststart \
  ml-basics-1.mp4
python3 make_handout.py handout-1.pdf
