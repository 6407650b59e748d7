"""The shared kernel: audiences and the privacy policy, site settings, tasks, images."""
