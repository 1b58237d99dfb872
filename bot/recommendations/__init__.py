"""The recommendations made to the government, and the status of each as coordinators record it."""
