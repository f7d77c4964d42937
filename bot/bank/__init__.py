"""The content bank: lessons, quiz pools and themes as checked data, with no tutor inside."""
